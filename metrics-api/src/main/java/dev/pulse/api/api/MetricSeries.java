package dev.pulse.api.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answer to GET /v1/metrics/{metric}: one bucket per window that has data, oldest first. */
public record MetricSeries(
    @JsonProperty("metric") String metric,
    @JsonProperty("window_start") Instant windowStart,
    @JsonProperty("window_end") Instant windowEnd,
    @JsonProperty("dimensions") Map<String, String> dimensions,
    @JsonProperty("buckets") List<Bucket> buckets,
    @JsonProperty("total") double total) {

  /** One window's value, summed over every series that matches the filters. */
  public record Bucket(
      @JsonProperty("window_start") Instant windowStart,
      @JsonProperty("window_end") Instant windowEnd,
      @JsonProperty("value") double value,
      @JsonProperty("event_count") long eventCount) {}
}
