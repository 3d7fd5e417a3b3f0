package dev.pulse.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to GET /v1/metrics/{metric_name}, a superset of the published one
 * ({@code metric_name} and {@code windows} of {@code window_start}, {@code window_end},
 * {@code value}, {@code dimensions}): one window per granularity step that has data, oldest first,
 * and with group_by one per group and step, the largest group first. Everything else is ours:
 * finality, event counts, freshness, which table answered, totals and a per-group summary.
 *
 * @param filters the dimension filters of the read, each with the values it allows
 * @param freshnessMs how long ago the newest row behind this answer was computed; absent without data
 * @param source which table answered: realtime, offline or both
 * @param total absent when nothing matched and the aggregation has no value for nothing (a
 *     minimum, mean, ratio or percentile; a count, sum or distinct count of nothing is 0)
 * @param restated the stretches of the range history has restated, and when; absent where none
 * @param totals with group_by: each step's value over every group (a distinct count or percentile
 *     of all groups is not a sum of theirs, so it is computed, not left to the reader)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricSeries(
    @JsonProperty("metric_name") String metricName,
    @JsonProperty("aggregation") String aggregation,
    @JsonProperty("window") String window,
    @JsonProperty("granularity") String granularity,
    @JsonProperty("window_start") Instant windowStart,
    @JsonProperty("window_end") Instant windowEnd,
    @JsonProperty("filters") Map<String, List<String>> filters,
    @JsonProperty("group_by") List<String> groupBy,
    @JsonProperty("source") String source,
    @JsonProperty("freshness_ms") Long freshnessMs,
    @JsonProperty("windows") List<Window> windows,
    @JsonProperty("total") Double total,
    @JsonProperty("percentiles") Map<String, Double> percentiles,
    @JsonProperty("totals") List<Window> totals,
    @JsonProperty("groups") List<Group> groups,
    @JsonProperty("restated") List<Restated> restated) {

  /**
   * One step's value, for one group or over every series that matches the filters.
   *
   * @param dimensions the values this window is for: each filter that fixed a single value, and
   *     the group's values with group_by
   * @param isFinal every window in the step is closed: it changes only by late events
   * @param restatedAt when history restated the step's windows, if it did: a corrected value, not a
   *     live one
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Window(
      @JsonProperty("window_start") Instant windowStart,
      @JsonProperty("window_end") Instant windowEnd,
      @JsonProperty("value") double value,
      @JsonProperty("dimensions") Map<String, String> dimensions,
      @JsonProperty("event_count") long eventCount,
      @JsonProperty("is_final") boolean isFinal,
      @JsonProperty("percentiles") Map<String, Double> percentiles,
      @JsonProperty("restated_at") Instant restatedAt) {}

  /** A summary of one combination of group_by values, for a chart's legend or a breakdown table. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Group(
      @JsonProperty("dimensions") Map<String, String> dimensions,
      @JsonProperty("total") double total,
      @JsonProperty("event_count") long eventCount,
      @JsonProperty("percentiles") Map<String, Double> percentiles) {}

  /**
   * A stretch of the answer that history has restated (a backfill or a corrections merge), for one
   * tenant or every tenant ({@code *}): its windows are the restated values, not the live ones.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Restated(
      @JsonProperty("tenant") String tenant,
      @JsonProperty("window_start") Instant windowStart,
      @JsonProperty("window_end") Instant windowEnd,
      @JsonProperty("restated_at") Instant restatedAt) {}
}
