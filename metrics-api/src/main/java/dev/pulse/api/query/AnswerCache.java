package dev.pulse.api.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.api.api.MetricSeries;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 *
 * <p>A read runs on its caller's thread, outside the cache's locks: a computation inside the
 * cache's map holds a lock that other keys share, so one slow read (waiting for Pinot, or for a
 * place among the reads from memory) would hold up unrelated reads. Concurrent misses of one key
 * wait for the first one's future instead. A keep time of zero keeps nothing and shares nothing.
 */
public class AnswerCache {
  private record Key(MetricQuery query, int historyVersion) {}

  private final Function<MetricQuery, MetricSeries> reader;
  private final ToIntFunction<MetricQuery> historyVersion;
  private final Duration settledAfter;
  private final Clock clock;
  private final Optional<Cache<Key, CompletableFuture<MetricSeries>>> settled;
  private final Optional<Cache<Key, CompletableFuture<MetricSeries>>> open;

  public AnswerCache(
      Function<MetricQuery, MetricSeries> reader, ToIntFunction<MetricQuery> historyVersion, Duration settledAfter,
      Duration keepSettled, Duration keepOpen, Clock clock) {
    this.reader = reader;
    this.historyVersion = historyVersion;
    this.settledAfter = settledAfter;
    this.clock = clock;
    this.settled = keeping(keepSettled);
    this.open = keeping(keepOpen);
  }

  private static Optional<Cache<Key, CompletableFuture<MetricSeries>>> keeping(Duration keep) {
    return keep.isZero() ? Optional.empty()
        : Optional.of(Caffeine.newBuilder().expireAfterWrite(keep).maximumSize(10_000).build());
  }

  public MetricSeries read(MetricQuery query) {
    Optional<Cache<Key, CompletableFuture<MetricSeries>>> answers = isSettled(query) ? settled : open;
    if (answers.isEmpty()) {
      return reader.apply(query);
    }
    Key key = new Key(query, historyVersion.applyAsInt(query));
    CompletableFuture<MetricSeries> mine = new CompletableFuture<>();
    Map<Key, CompletableFuture<MetricSeries>> kept = answers.get().asMap();
    CompletableFuture<MetricSeries> first = kept.putIfAbsent(key, mine);
    return first == null ? answer(query, kept, key, mine) : await(first);
  }

  /** Reads and hands the answer, or the failure, to the reads of the same key waiting for it. */
  private MetricSeries answer(MetricQuery query, Map<Key, CompletableFuture<MetricSeries>> kept, Key key,
      CompletableFuture<MetricSeries> shared) {
    try {
      MetricSeries series = reader.apply(query);
      shared.complete(series);
      return series;
    } catch (RuntimeException | Error e) {
      kept.remove(key, shared); // a failure is not kept: the next read tries again
      shared.completeExceptionally(e);
      throw e;
    }
  }

  /** The first read's answer, or its own exception (a limit refused, Pinot unavailable), unwrapped. */
  private static MetricSeries await(CompletableFuture<MetricSeries> first) {
    try {
      return first.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  public boolean isSettled(MetricQuery query) {
    return !query.to().isAfter(clock.instant().minus(settledAfter));
  }
}
