package dev.pulse.aggregation;

import dev.pulse.contract.aggregate.Sketches;
import dev.pulse.contract.catalog.Aggregation;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A pane being filled event by event before the shuffle. Its sketch stays a live object until the
 * pane is flushed, so adding an event never serializes one.
 */
final class LiveAccumulator {
  private final Aggregation kind;
  private final Accumulator acc = new Accumulator();
  private HllSketch hll;
  private KllDoublesSketch kll;

  LiveAccumulator(Aggregation kind) {
    this.kind = kind;
  }

  /**
   * @param number the event's value, for numeric aggregations
   * @param text the event's value, for distinct counts
   * @param inNumerator for ratios: whether the event also matches the numerator filter
   */
  void add(double number, String text, boolean inNumerator) {
    acc.events++;
    switch (kind) {
      case COUNT -> {}
      case SUM -> acc.sum += number;
      case MIN -> acc.min = Math.min(acc.min, number);
      case MAX -> acc.max = Math.max(acc.max, number);
      case AVG -> {
        acc.numerator += number;
        acc.denominator++;
      }
      case RATIO -> {
        acc.numerator += inNumerator ? 1 : 0;
        acc.denominator++;
      }
      case DISTINCT_COUNT -> {
        if (hll == null) {
          hll = Sketches.newHll();
        }
        hll.update(text);
      }
      case PERCENTILES -> {
        if (kll == null) {
          kll = Sketches.newKll();
        }
        kll.update(number);
      }
    }
  }

  /** The pane as it crosses the shuffle, its sketch serialized. */
  Accumulator toAccumulator() {
    if (hll != null) {
      acc.sketch = Sketches.toBytes(hll);
    } else if (kll != null) {
      acc.sketch = Sketches.toBytes(kll);
    }
    return acc;
  }
}
