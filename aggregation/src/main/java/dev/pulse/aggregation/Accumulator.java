package dev.pulse.aggregation;

/**
 * What a window (or a pane of one) has aggregated so far. Which fields are used depends on the
 * metric's aggregation; see {@link dev.pulse.aggregation.Aggregations}.
 */
public class Accumulator {
  /** Events that contributed. */
  public long events;

  public double sum;
  public double min = Double.POSITIVE_INFINITY;
  public double max = Double.NEGATIVE_INFINITY;
  public double numerator;
  public double denominator;
  /** Serialized HLL or KLL sketch, for distinct counts and percentiles. */
  public byte[] sketch;

  public Accumulator() {}
}
