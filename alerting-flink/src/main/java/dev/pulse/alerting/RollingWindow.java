package dev.pulse.alerting;

import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.AlertState;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One rule group's rolling window and where it stands against the rule: the samples of the last
 * window in one-second buckets of event time, and whether the condition holds and since when.
 *
 * <p>The window at time T covers the buckets that overlap (T - window, T], so the value is exact to
 * the second. Flink keeps this as keyed state; the methods are plain Java so tests can drive it.
 */
public class RollingWindow {
  static final long BUCKET_MILLIS = 1000;

  /** Bucket start (event time, ms) to {numerator, denominator}. */
  public TreeMap<Long, double[]> buckets = new TreeMap<>();
  public HashMap<String, String> dimensions = new HashMap<>();
  /** The latest event time of any sample: the group's clock runs at least this far. */
  public long latestEventTime = Long.MIN_VALUE;
  /** When the condition began to hold; null while it does not. */
  public Long breachingSince;
  public boolean firing;
  /** Whether the metric is a ratio: its value is numerator over denominator. */
  public boolean ratio;
  /** The first breach of the alert now firing: FIRING and its RESOLVED carry the same one. */
  public long firingSince;

  /** A change of state, with the statistic that caused it. */
  public record Change(AlertState state, double value, long firstBreachAt, long at) {}

  public void add(RuleSample sample) {
    long bucket = Math.floorDiv(sample.eventTime, BUCKET_MILLIS) * BUCKET_MILLIS;
    double[] sums = buckets.computeIfAbsent(bucket, start -> new double[2]);
    sums[0] += sample.numerator;
    sums[1] += sample.denominator;
    if (dimensions.isEmpty()) {
      dimensions = new HashMap<>(sample.dimensions); // the same for every sample of a group
    }
    latestEventTime = Math.max(latestEventTime, sample.eventTime);
    ratio = sample.ratio;
  }

  /** The rule's statistic over the window ending at {@code at}; NaN for a ratio of no events. */
  public double statistic(AlertRule rule, long at) {
    double numerator = 0;
    double denominator = 0;
    for (double[] sums : buckets.subMap(windowStart(rule, at), true, at, true).values()) {
      numerator += sums[0];
      denominator += sums[1];
    }
    if (ratio) {
      return denominator == 0 ? Double.NaN : numerator / denominator;
    }
    return rule.statisticOf(numerator);
  }

  /**
   * Compares the window ending at {@code at} with the rule, and says whether the alert changed
   * state. FIRING needs the condition to have held for the rule's for_seconds.
   */
  public Change evaluate(AlertRule rule, long at) {
    double value = statistic(rule, at);
    boolean breached = !Double.isNaN(value) && rule.condition().breached(value, rule.threshold());
    if (breached) {
      if (breachingSince == null) {
        breachingSince = at;
      }
      if (!firing && at - breachingSince >= rule.forSeconds() * 1000L) {
        firing = true;
        firingSince = breachingSince;
        return new Change(AlertState.FIRING, value, firingSince, at);
      }
      return null;
    }
    breachingSince = null;
    if (firing) {
      firing = false;
      return new Change(AlertState.RESOLVED, value, firingSince, at);
    }
    return null;
  }

  /** Forgets the window, and resolves the alert if it was firing: its rule was disabled. */
  public Change retire(AlertRule rule, long at) {
    double value = statistic(rule, at);
    buckets.clear();
    breachingSince = null;
    if (!firing) {
      return null;
    }
    firing = false;
    return new Change(AlertState.RESOLVED, value, firingSince, at);
  }

  /** When the value next changes without new samples: the oldest bucket in the window leaves it. */
  public OptionalLong nextExpiry(AlertRule rule, long at) {
    Long oldest = buckets.ceilingKey(windowStart(rule, at));
    return oldest == null ? OptionalLong.empty() : OptionalLong.of(oldest + BUCKET_MILLIS + rule.windowSeconds() * 1000L);
  }

  /** When a pending breach has lasted for_seconds. */
  public OptionalLong pendingUntil(AlertRule rule) {
    return breachingSince == null || firing ? OptionalLong.empty() : OptionalLong.of(breachingSince + rule.forSeconds() * 1000L);
  }

  /** Drops the buckets no window ending at or after {@code at} can see. */
  public void forgetBefore(AlertRule rule, long at) {
    buckets.headMap(windowStart(rule, at)).clear();
  }

  /** Nothing left to remember: no samples in the window and no alert open or pending. */
  public boolean idle() {
    return buckets.isEmpty() && !firing && breachingSince == null;
  }

  public Map<String, String> dimensions() {
    return dimensions;
  }

  /** The first bucket start that overlaps (at - window, at]. */
  private static long windowStart(AlertRule rule, long at) {
    return at - rule.windowSeconds() * 1000L - BUCKET_MILLIS + 1;
  }
}
