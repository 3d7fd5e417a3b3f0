package dev.pulse.contract.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a metric folds its events into one value per window, and what a window row stores so that
 * windows can be rolled up later without losing exactness: counts and sums add, minima and maxima
 * compare, averages and ratios keep their numerator and denominator, and distinct counts and
 * percentiles keep a mergeable sketch.
 */
public enum Aggregation {
  /** Matching events. */
  COUNT(false, false),
  /** Sum of a numeric field. */
  SUM(true, false),
  MIN(true, false),
  MAX(true, false),
  /** Mean of a numeric field, stored as sum (numerator) and count (denominator). */
  AVG(true, false),
  /** Distinct values of a field, as a DataSketches HLL sketch (lgK 12: about 1.6% standard error). */
  DISTINCT_COUNT(true, true),
  /** Quantiles of a numeric field, as a DataSketches KLL sketch (k 200: about 1.65% rank error). */
  PERCENTILES(true, true),
  /** Events matching the numerator filter over events matching the metric's filter. */
  RATIO(false, false);

  private final boolean readsValue;
  private final boolean keepsSketch;

  Aggregation(boolean readsValue, boolean keepsSketch) {
    this.readsValue = readsValue;
    this.keepsSketch = keepsSketch;
  }

  /** Whether the metric names a {@code value} field to aggregate. */
  public boolean readsValue() {
    return readsValue;
  }

  /** Whether window rows carry sketch bytes. */
  public boolean keepsSketch() {
    return keepsSketch;
  }

  /** Whether the aggregated field must be numeric (distinct counts take any value). */
  public boolean needsNumericValue() {
    return readsValue && this != DISTINCT_COUNT;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Aggregation parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown aggregation '" + text + "'; expected one of " + labels());
    }
  }

  private static String labels() {
    return Arrays.stream(values()).map(Aggregation::label).collect(Collectors.joining(", "));
  }
}
