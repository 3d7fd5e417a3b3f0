package dev.pulse.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

/**
 * One row of the realtime table as the API keeps it in memory: the newest version of one
 * (metric, window, dimensions) emission.
 */
record RecentRow(
    String metric,
    String windowSpec,
    long windowStart,
    long windowEnd,
    String dimsHash,
    Map<String, String> dims,
    long version,
    boolean isFinal,
    double value,
    double numerator,
    double denominator,
    long eventCount,
    long emittedAt,
    byte[] sketch) {

  /** The SELECT list {@link #of} reads, in its order. */
  static final String COLUMNS = "metric, window_spec, window_start, window_end, dims_hash, dims, version, is_final,"
      + " \"value\", numerator, denominator, event_count, emitted_at, sketch";

  /** A rough size in memory, for the store's bound: the object, its boxed fields, its sketch. */
  long bytes() {
    return 160 + (sketch == null ? 0 : sketch.length);
  }

  /**
   * @param dimsOf the dimensions of a {@code dims} document, shared by every row of one series
   */
  static RecentRow of(JsonNode row, Function<String, Map<String, String>> dimsOf) {
    return new RecentRow(
        row.get(0).asText(),
        row.get(1).asText(),
        row.get(2).asLong(),
        row.get(3).asLong(),
        row.get(4).asText(),
        dimsOf.apply(row.get(5).asText()),
        row.get(6).asLong(),
        row.get(7).asBoolean(),
        row.get(8).asDouble(),
        row.get(9).asDouble(),
        row.get(10).asDouble(),
        row.get(11).asLong(),
        row.get(12).asLong(),
        sketch(row.get(13)));
  }

  private static byte[] sketch(JsonNode value) {
    return value == null || value.isNull() || value.asText().isEmpty() ? null : HexFormat.of().parseHex(value.asText());
  }
}
