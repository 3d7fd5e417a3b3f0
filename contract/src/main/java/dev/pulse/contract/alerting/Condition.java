package dev.pulse.contract.alerting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a rule compares a metric's value over its window with the threshold. The published rule
 * table names both {@code GREATER_THAN}/{@code LESS_THAN} and the short {@code gt}/{@code lt}/
 * {@code eq}; {@link #parse} takes either, and a rule is always stored and sent by its long name.
 */
public enum Condition {
  GREATER_THAN("gt", ">"),
  GREATER_THAN_OR_EQUAL("gte", ">="),
  LESS_THAN("lt", "<"),
  LESS_THAN_OR_EQUAL("lte", "<="),
  EQUAL("eq", "=");

  private final String shortName;
  private final String symbol;

  Condition(String shortName, String symbol) {
    this.shortName = shortName;
    this.symbol = symbol;
  }

  /** Whether the value breaches the threshold. */
  public boolean breached(double value, double threshold) {
    return switch (this) {
      case GREATER_THAN -> value > threshold;
      case GREATER_THAN_OR_EQUAL -> value >= threshold;
      case LESS_THAN -> value < threshold;
      case LESS_THAN_OR_EQUAL -> value <= threshold;
      case EQUAL -> value == threshold;
    };
  }

  /** The comparison as people write it, e.g. {@code >=}. */
  public String symbol() {
    return symbol;
  }

  /** A long name in any case ({@code GREATER_THAN}, {@code greater_than}) or a short one ({@code gt}). */
  public static Optional<Condition> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.trim();
    return Arrays.stream(values())
        .filter(c -> c.name().equalsIgnoreCase(wanted) || c.shortName.equals(wanted.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /** Every spelling {@link #parse} takes, for error messages. */
  public static String spellings() {
    return String.join(", ", Arrays.stream(values()).map(c -> c.name() + " (" + c.shortName + ")").toList());
  }
}
