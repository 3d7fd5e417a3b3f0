package dev.pulse.contract.alerting;

/** How a rule compares a metric's value over its window with the threshold. */
public enum Condition {
  GREATER_THAN,
  GREATER_THAN_OR_EQUAL,
  LESS_THAN,
  LESS_THAN_OR_EQUAL;

  /** Whether the value breaches the threshold. */
  public boolean breached(double value, double threshold) {
    return switch (this) {
      case GREATER_THAN -> value > threshold;
      case GREATER_THAN_OR_EQUAL -> value >= threshold;
      case LESS_THAN -> value < threshold;
      case LESS_THAN_OR_EQUAL -> value <= threshold;
    };
  }
}
