package dev.pulse.api.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.api.api.MetricSeries;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Answers for ranges that have settled (their last window is past the allowed lateness, so only a
 * backfill can still change them) are kept for a while: dashboards re-read the same history on
 * every load. Open ranges are always read afresh.
 */
public class SettledReadCache {
  private final Function<MetricQuery, MetricSeries> reader;
  private final Duration settledAfter;
  private final Clock clock;
  private final Cache<MetricQuery, MetricSeries> answers;

  public SettledReadCache(Function<MetricQuery, MetricSeries> reader, Duration settledAfter, Duration keepFor, Clock clock) {
    this.reader = reader;
    this.settledAfter = settledAfter;
    this.clock = clock;
    this.answers = Caffeine.newBuilder().expireAfterWrite(keepFor).maximumSize(10_000).build();
  }

  public MetricSeries read(MetricQuery query) {
    return isSettled(query) ? answers.get(query, reader) : reader.apply(query);
  }

  public boolean isSettled(MetricQuery query) {
    return !query.to().isAfter(clock.instant().minus(settledAfter));
  }
}
