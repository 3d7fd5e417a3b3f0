package dev.pulse.aggregation;

import dev.pulse.contract.aggregate.AggregateRecord.Values;
import dev.pulse.contract.aggregate.Sketches;
import dev.pulse.contract.catalog.Aggregation;

/**
 * What each aggregation does with an {@link Accumulator}: merging two of them (panes into windows,
 * partials from several subtasks) and reading the row values out. Adding single events happens in
 * {@link LiveAccumulator}, which keeps sketches live instead of serialized.
 */
public final class Aggregations {
  private static final Aggregation[] KINDS = Aggregation.values();

  private Aggregations() {}

  public static Aggregation kind(int ordinal) {
    return KINDS[ordinal];
  }

  /** Adds {@code from} into {@code into}. */
  public static void merge(Aggregation kind, Accumulator into, Accumulator from) {
    into.events += from.events;
    into.sum += from.sum;
    into.min = Math.min(into.min, from.min);
    into.max = Math.max(into.max, from.max);
    into.numerator += from.numerator;
    into.denominator += from.denominator;
    if (from.sketch != null) {
      into.sketch =
          into.sketch == null
              ? from.sketch
              : kind == Aggregation.DISTINCT_COUNT
                  ? Sketches.mergeHll(into.sketch, from.sketch)
                  : Sketches.mergeKll(into.sketch, from.sketch);
    }
  }

  /** The row values of a window: the metric's value plus what rolling it up needs. */
  public static Values values(Aggregation kind, Accumulator acc) {
    return switch (kind) {
      case COUNT -> new Values(acc.events, acc.events, 1, null, acc.events);
      case SUM -> new Values(acc.sum, acc.sum, 1, null, acc.events);
      case MIN -> new Values(acc.min, acc.min, 1, null, acc.events);
      case MAX -> new Values(acc.max, acc.max, 1, null, acc.events);
      case AVG, RATIO -> new Values(ratio(acc.numerator, acc.denominator), acc.numerator, acc.denominator, null, acc.events);
      case DISTINCT_COUNT -> new Values(Sketches.hll(acc.sketch).getEstimate(), 0, 1, acc.sketch, acc.events);
      case PERCENTILES -> new Values(Sketches.kll(acc.sketch).getQuantile(0.5), 0, 1, acc.sketch, acc.events);
    };
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0 ? 0 : numerator / denominator;
  }
}
