package dev.pulse.api.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.api.MetricSeries;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** Limits of reads, from the {@code query:} section of the configuration. */
public class QueryFactory {
  /** The longest range one read may span; history is kept a year. */
  @JsonProperty @NotNull private Duration maxRange = Duration.days(366);
  /** The most buckets (range / granularity) in one answer. With maxGroups, bounded below Pinot's 100k groups per server. */
  @JsonProperty @Min(1) @Max(100_000) private int maxBuckets = 1440;
  /** The most group_by combinations in one answer. */
  @JsonProperty @Min(1) @Max(10_000) private int maxGroups = 50;
  /** The most stored rows one distinct-count or percentile read merges in the API. */
  @JsonProperty @Min(1) private int maxSketchRows = 200_000;
  /** A range ending this long ago has settled: past the job's allowed lateness (2 h), with a margin. */
  @JsonProperty @NotNull private Duration settledAfter = Duration.minutes(125);
  /** How long an answer over a settled range is served from memory (a backfill shows after this). */
  @JsonProperty @NotNull private Duration cacheSettledFor = Duration.minutes(10);
  /** How long an answer over an open range is shared by identical reads (0 turns this off). */
  @JsonProperty @NotNull private Duration cacheOpenFor = Duration.milliseconds(500);
  @JsonProperty @Valid @NotNull private RecentRowsFactory recentRows = new RecentRowsFactory();

  public RecentRowsFactory getRecentRows() {
    return recentRows;
  }

  public AnswerCache buildCache(Function<MetricQuery, MetricSeries> reader, ToIntFunction<MetricQuery> historyVersion,
      Clock clock) {
    return new AnswerCache(reader, historyVersion, javaTime(settledAfter), javaTime(cacheSettledFor), javaTime(cacheOpenFor), clock);
  }

  public long cacheSettledSeconds() {
    return cacheSettledFor.toSeconds();
  }

  public QueryLimits buildLimits() {
    return new QueryLimits(javaTime(maxRange), maxBuckets, maxGroups, maxSketchRows);
  }

  private static java.time.Duration javaTime(Duration duration) {
    return java.time.Duration.ofMillis(duration.toMilliseconds());
  }
}
