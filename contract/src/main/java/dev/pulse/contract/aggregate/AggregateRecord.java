package dev.pulse.contract.aggregate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One emission of one metric for one window and one combination of dimension values. This is the
 * value of {@code metrics.agg} and a row of Pinot's {@code metrics_agg} table.
 *
 * <p>The same window is emitted several times while it fills (provisional, then final, then after
 * late events). {@code version} grows with each emission of a key, so Pinot's upsert keeps the
 * newest.
 *
 * <p>{@code value} is the metric's value for this row. Rolling rows up must not use it for
 * everything: counts and sums add; min and max compare; avg and ratio divide the summed {@code
 * numerator} by the summed {@code denominator}; distinct counts and percentiles merge {@code
 * sketch}.
 *
 * @param windowSpec the window's spec, e.g. {@code 1m} or {@code 5m/30s}
 * @param sketch serialized DataSketches sketch (HLL or KLL), or null; hex in JSON, as Pinot's BYTES
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AggregateRecord(
    String metric,
    String windowSpec,
    long windowStart,
    long windowEnd,
    SortedMap<String, String> dims,
    String dimsHash,
    double value,
    double numerator,
    double denominator,
    @JsonSerialize(using = HexBytes.Serializer.class) @JsonDeserialize(using = HexBytes.Deserializer.class)
        byte[] sketch,
    long eventCount,
    long version,
    boolean isFinal,
    long emittedAt) {

  public AggregateRecord {
    dims = new TreeMap<>(dims);
  }

  /** Builds a record, computing the dims hash. */
  public static AggregateRecord of(
      String metric,
      String windowSpec,
      long windowStart,
      long windowEnd,
      Map<String, String> dims,
      Values values,
      long version,
      boolean isFinal,
      long emittedAt) {
    return new AggregateRecord(
        metric,
        windowSpec,
        windowStart,
        windowEnd,
        new TreeMap<>(dims),
        DimsHash.of(dims),
        values.value(),
        values.numerator(),
        values.denominator(),
        values.sketch(),
        values.eventCount(),
        version,
        isFinal,
        emittedAt);
  }

  /** What a window aggregated, apart from where and when. */
  public record Values(double value, double numerator, double denominator, byte[] sketch, long eventCount) {
    public static Values count(long count) {
      return new Values(count, count, 1, null, count);
    }
  }

  /** The primary key, shared by the Kafka key and Pinot's primaryKeyColumns. */
  public String primaryKey() {
    return metric + '|' + windowStart + '|' + windowEnd + '|' + dimsHash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AggregateRecord r
        && metric.equals(r.metric)
        && windowSpec.equals(r.windowSpec)
        && windowStart == r.windowStart
        && windowEnd == r.windowEnd
        && dims.equals(r.dims)
        && dimsHash.equals(r.dimsHash)
        && Double.compare(value, r.value) == 0
        && Double.compare(numerator, r.numerator) == 0
        && Double.compare(denominator, r.denominator) == 0
        && Arrays.equals(sketch, r.sketch)
        && eventCount == r.eventCount
        && version == r.version
        && isFinal == r.isFinal
        && emittedAt == r.emittedAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(primaryKey(), version);
  }

  @Override
  public String toString() {
    return primaryKey() + " " + windowSpec + " v" + version + (isFinal ? " final " : " ") + value + " " + dims;
  }
}
