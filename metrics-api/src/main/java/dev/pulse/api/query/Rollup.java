package dev.pulse.api.query;

import dev.pulse.contract.aggregate.Sketches;
import dev.pulse.contract.catalog.Aggregation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Combines stored window rows into one value the way each aggregation requires: counts and sums
 * add, minima and maxima compare, averages and ratios divide the summed numerator by the summed
 * denominator (never an average of averages), and sketches merge.
 */
final class Rollup {
  static final double[] PERCENTILES = {0.5, 0.95, 0.99};

  private final Aggregation kind;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double numerator;
  private double denominator;
  private long events;
  private boolean empty = true;
  private Union hll;
  private KllDoublesSketch kll;

  Rollup(Aggregation kind) {
    this.kind = kind;
  }

  /** Adds a pre-summed group of rows (count and sum kinds are summed in Pinot already). */
  void addRows(double valueSum, double valueMin, double valueMax, double numeratorSum, double denominatorSum, long eventCount) {
    empty = false;
    sum += valueSum;
    min = Math.min(min, valueMin);
    max = Math.max(max, valueMax);
    numerator += numeratorSum;
    denominator += denominatorSum;
    events += eventCount;
  }

  void addSketch(byte[] sketch, long eventCount) {
    events += eventCount;
    empty = false;
    if (sketch == null || sketch.length == 0) {
      return;
    }
    if (kind == Aggregation.DISTINCT_COUNT) {
      if (hll == null) {
        hll = new Union(Sketches.HLL_LG_K);
      }
      hll.update(Sketches.hll(sketch));
    } else {
      if (kll == null) {
        kll = Sketches.newKll();
      }
      kll.merge(Sketches.kll(sketch));
    }
  }

  void addAll(Rollup other) {
    if (other.empty) {
      return;
    }
    addRows(other.sum, other.min, other.max, other.numerator, other.denominator, 0);
    events += other.events;
    if (other.hll != null) {
      if (hll == null) {
        hll = new Union(Sketches.HLL_LG_K);
      }
      hll.update(other.hll.getResult());
    }
    if (other.kll != null) {
      if (kll == null) {
        kll = Sketches.newKll();
      }
      kll.merge(other.kll);
    }
  }

  /**
   * The value over everything added, or null over nothing: a count, sum or distinct count of
   * nothing is 0, but a minimum, mean or ratio of nothing has no value.
   */
  Double valueOrNull() {
    if (!empty) {
      return value();
    }
    return switch (kind) {
      case COUNT, SUM, DISTINCT_COUNT -> 0.0;
      default -> null;
    };
  }

  long events() {
    return events;
  }

  double value() {
    return switch (kind) {
      case COUNT, SUM -> sum;
      case MIN -> min;
      case MAX -> max;
      case AVG, RATIO -> denominator == 0 ? 0 : numerator / denominator;
      case DISTINCT_COUNT -> hll == null ? 0 : hll.getResult().getEstimate();
      case PERCENTILES -> kll == null || kll.isEmpty() ? 0 : kll.getQuantile(0.5);
    };
  }

  /** p50, p95 and p99, for percentile metrics; null otherwise. */
  Map<String, Double> percentiles() {
    if (kind != Aggregation.PERCENTILES || kll == null || kll.isEmpty()) {
      return null;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (double rank : PERCENTILES) {
      out.put("p" + Math.round(rank * 100), kll.getQuantile(rank));
    }
    return out;
  }

}
