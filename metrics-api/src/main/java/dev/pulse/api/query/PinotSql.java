package dev.pulse.api.query;

import java.util.List;
import java.util.stream.Collectors;

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
   * A JSON index match of one key of a JSON column against one or more values. The values are
   * quoted twice: once inside JSON_MATCH's own filter expression, then as the SQL literal that
   * carries that expression.
   */
  static String jsonIn(String column, String key, List<String> values) {
    String path = "\"$." + key + "\"";
    String expression =
        values.size() == 1
            ? path + "=" + literal(values.get(0))
            : path + " IN (" + values.stream().map(PinotSql::literal).collect(Collectors.joining(",")) + ")";
    return "JSON_MATCH(" + column + ", " + literal(expression) + ")";
  }
}
