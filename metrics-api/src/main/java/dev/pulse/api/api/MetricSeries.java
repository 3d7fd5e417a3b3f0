package dev.pulse.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to GET /v1/metrics/{metric}: one bucket per window that has data, oldest first, and
 * the total over the whole range, rolled up as the metric's aggregation requires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricSeries(
    @JsonProperty("metric") String metric,
    @JsonProperty("aggregation") String aggregation,
    @JsonProperty("window") String window,
    @JsonProperty("window_start") Instant windowStart,
    @JsonProperty("window_end") Instant windowEnd,
    @JsonProperty("dimensions") Map<String, String> dimensions,
    @JsonProperty("buckets") List<Bucket> buckets,
    @JsonProperty("total") double total,
    @JsonProperty("percentiles") Map<String, Double> percentiles) {

  /** One window's value over every series that matches the filters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bucket(
      @JsonProperty("window_start") Instant windowStart,
      @JsonProperty("window_end") Instant windowEnd,
      @JsonProperty("value") double value,
      @JsonProperty("event_count") long eventCount,
      @JsonProperty("percentiles") Map<String, Double> percentiles) {}
}
