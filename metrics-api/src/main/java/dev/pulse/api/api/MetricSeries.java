package dev.pulse.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to GET /v1/metrics/{metric}: one bucket per granularity step that has data, oldest
 * first, and the total over the whole range, rolled up as the metric's aggregation requires. With
 * group_by, the same again per combination of the grouped dimensions' values, largest total first.
 *
 * @param freshnessMs how long ago the newest row behind this answer was computed; absent without data
 * @param source which table answered: realtime, offline or both
 * @param total absent when nothing matched and the aggregation has no value for nothing (a
 *     minimum, mean, ratio or percentile; a count, sum or distinct count of nothing is 0)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricSeries(
    @JsonProperty("metric") String metric,
    @JsonProperty("aggregation") String aggregation,
    @JsonProperty("window") String window,
    @JsonProperty("granularity") String granularity,
    @JsonProperty("window_start") Instant windowStart,
    @JsonProperty("window_end") Instant windowEnd,
    @JsonProperty("dimensions") Map<String, List<String>> dimensions,
    @JsonProperty("group_by") List<String> groupBy,
    @JsonProperty("source") String source,
    @JsonProperty("freshness_ms") Long freshnessMs,
    @JsonProperty("buckets") List<Bucket> buckets,
    @JsonProperty("total") Double total,
    @JsonProperty("percentiles") Map<String, Double> percentiles,
    @JsonProperty("groups") List<Group> groups) {

  /**
   * One bucket's value over every series that matches the filters.
   *
   * @param isFinal every window in the bucket is closed: the bucket changes only by late events
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bucket(
      @JsonProperty("window_start") Instant windowStart,
      @JsonProperty("window_end") Instant windowEnd,
      @JsonProperty("value") double value,
      @JsonProperty("event_count") long eventCount,
      @JsonProperty("is_final") boolean isFinal,
      @JsonProperty("percentiles") Map<String, Double> percentiles) {}

  /** The buckets and total of one combination of group_by values. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Group(
      @JsonProperty("dimensions") Map<String, String> dimensions,
      @JsonProperty("buckets") List<Bucket> buckets,
      @JsonProperty("total") double total,
      @JsonProperty("percentiles") Map<String, Double> percentiles) {}
}
