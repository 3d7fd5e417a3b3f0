package dev.pulse.alerting;

import java.util.HashMap;
import java.util.Map;

/**
 * One event's contribution to one rule's group: what the rule's window adds up. For count and sum
 * metrics only {@code numerator} is used; a ratio also counts its {@code denominator}.
 */
public class RuleSample {
  public long ruleId;
  public String groupKey;
  /** The group's dimension values and the rule's filters; kept for the alert it may raise. */
  public HashMap<String, String> dimensions = new HashMap<>();
  public long eventTime;
  public double numerator;
  public double denominator;
  public boolean ratio;

  public RuleSample() {}

  public RuleSample(long ruleId, String groupKey, Map<String, String> dimensions, long eventTime,
      double numerator, double denominator, boolean ratio) {
    this.ruleId = ruleId;
    this.groupKey = groupKey;
    this.dimensions = new HashMap<>(dimensions);
    this.eventTime = eventTime;
    this.numerator = numerator;
    this.denominator = denominator;
    this.ratio = ratio;
  }

  /** The evaluator's key: one rolling window per rule and group. */
  public String windowKey() {
    return ruleId + ":" + groupKey;
  }
}
