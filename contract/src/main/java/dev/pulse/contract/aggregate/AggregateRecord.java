package dev.pulse.contract.aggregate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One emission of one metric for one window and one combination of dimension values. This is the
 * value of {@code metrics.agg} and a row of Pinot's {@code metrics_agg} table.
 *
 * <p>The same window is emitted several times while it fills (provisional, then final). {@code
 * version} grows with each emission of a key, so Pinot's upsert keeps the newest.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AggregateRecord(
    String metric,
    long windowStart,
    long windowEnd,
    SortedMap<String, String> dims,
    String dimsHash,
    double value,
    long eventCount,
    long version,
    boolean isFinal,
    long emittedAt) {

  public AggregateRecord {
    dims = new TreeMap<>(dims);
  }

  public static AggregateRecord of(
      String metric,
      long windowStart,
      long windowEnd,
      Map<String, String> dims,
      double value,
      long eventCount,
      long version,
      boolean isFinal,
      long emittedAt) {
    return new AggregateRecord(
        metric,
        windowStart,
        windowEnd,
        new TreeMap<>(dims),
        DimsHash.of(dims),
        value,
        eventCount,
        version,
        isFinal,
        emittedAt);
  }

  /** The primary key, shared by the Kafka key and Pinot's primaryKeyColumns. */
  public String primaryKey() {
    return metric + '|' + windowStart + '|' + windowEnd + '|' + dimsHash;
  }
}
