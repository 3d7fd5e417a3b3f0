package dev.pulse.api.core;

/**
 * SQL fragments built from caller input. Values only ever enter a query as escaped string literals;
 * dimension keys are checked against the catalog before they get here.
 */
final class PinotSql {
  private PinotSql() {}

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * A JSON index match of one key of a JSON column. The value is quoted twice: once inside
   * JSON_MATCH's own filter expression, then as the SQL literal that carries that expression.
   */
  static String jsonEquals(String column, String key, String value) {
    String expression = "\"$." + key + "\"=" + literal(value);
    return "JSON_MATCH(" + column + ", " + literal(expression) + ")";
  }
}
