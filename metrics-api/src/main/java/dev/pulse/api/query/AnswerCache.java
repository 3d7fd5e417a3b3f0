package dev.pulse.api.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.api.api.MetricSeries;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Answers kept in memory, by the exact query (tenant included). Ranges that have settled (their
 * last window is past the allowed lateness, so only a backfill can still change them) are kept a
 * while: dashboards re-read the same history on every load. Open ranges are kept only for a moment:
 * many viewers of one embed ask the same question each second, and the first asker's read answers
 * them all (concurrent misses of one key wait for one read) at a staleness well below the
 * pipeline's own freshness.
 *
 * <p>Answers are keyed by the query and by the version of its metric's history coverage, so a
 * backfill, corrections merge or revert makes the next read of a settled range read again rather
 * than wait out the cache.
 */
public class AnswerCache {
  private record Key(MetricQuery query, int historyVersion) {}

  private final Function<MetricQuery, MetricSeries> reader;
  private final ToIntFunction<MetricQuery> historyVersion;
  private final Duration settledAfter;
  private final Clock clock;
  private final Cache<Key, MetricSeries> settled;
  private final Cache<Key, MetricSeries> open;

  public AnswerCache(
      Function<MetricQuery, MetricSeries> reader, ToIntFunction<MetricQuery> historyVersion, Duration settledAfter,
      Duration keepSettled, Duration keepOpen, Clock clock) {
    this.reader = reader;
    this.historyVersion = historyVersion;
    this.settledAfter = settledAfter;
    this.clock = clock;
    this.settled = Caffeine.newBuilder().expireAfterWrite(keepSettled).maximumSize(10_000).build();
    this.open = Caffeine.newBuilder().expireAfterWrite(keepOpen).maximumSize(10_000).build();
  }

  public MetricSeries read(MetricQuery query) {
    Key key = new Key(query, historyVersion.applyAsInt(query));
    return (isSettled(query) ? settled : open).get(key, k -> reader.apply(k.query()));
  }

  public boolean isSettled(MetricQuery query) {
    return !query.to().isAfter(clock.instant().minus(settledAfter));
  }
}
