package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.api.api.MetricSeries;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final MetricDefinition EVENT_COUNT = MetricCatalog.loadDefault().find("event_count").orElseThrow();

  @Test
  void aSettledRangeIsReadOnceAndAnOpenOneEveryTimeWhenOpenAnswersAreNotShared() {
    AtomicInteger reads = new AtomicInteger();
    AnswerCache cache = cache(reads, Duration.ZERO);
    MetricQuery settled = query(NOW.minus(Duration.ofHours(4)), NOW.minus(Duration.ofHours(3)));
    MetricQuery open = query(NOW.minus(Duration.ofHours(1)), NOW);

    cache.read(settled);
    cache.read(settled);
    cache.read(open);
    cache.read(open);

    assertThat(reads).hasValue(3);
    assertThat(cache.isSettled(settled)).isTrue();
    assertThat(cache.isSettled(open)).isFalse();
  }

  @Test
  void identicalOpenReadsShareOneAnswerWhileItIsFreshAndTenantsNeverShare() {
    AtomicInteger reads = new AtomicInteger();
    AnswerCache cache = cache(reads, Duration.ofSeconds(1));
    MetricQuery open = query(NOW.minus(Duration.ofHours(1)), NOW);
    MetricQuery acme = new MetricQuery(open.metric(), open.window(), open.from(), open.to(), open.filters(),
        open.groupBy(), open.granularity(), java.util.Optional.of("acme"));

    cache.read(open);
    cache.read(open);
    cache.read(acme);

    assertThat(reads).hasValue(2);
  }

  @Test
  void aSettledAnswerIsReadAgainOnceHistoryIsRestated() {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger historyVersion = new AtomicInteger(1);
    AnswerCache cache = cache(reads, Duration.ZERO, historyVersion);
    MetricQuery settled = query(NOW.minus(Duration.ofHours(4)), NOW.minus(Duration.ofHours(3)));

    cache.read(settled);
    historyVersion.set(2); // a backfill swapped a day: the metric's coverage changed
    cache.read(settled);
    cache.read(settled);

    assertThat(reads).hasValue(2);
  }

  @Test
  void aSlowReadHoldsUpNoOtherQueryAndItsSameQueryWaitsForItsAnswer() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    MetricQuery slow = query(NOW.minus(Duration.ofHours(1)), NOW);
    MetricQuery other = query(NOW.minus(Duration.ofMinutes(30)), NOW);
    AnswerCache cache = new AnswerCache(query -> {
      reads.incrementAndGet();
      if (query.equals(slow)) {
        slowStarted.countDown();
        await(releaseSlow);
      }
      return series(query.from());
    }, query -> 0, Duration.ofMinutes(125), Duration.ofMinutes(10), Duration.ofSeconds(1), Clock.fixed(NOW, ZoneOffset.UTC));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<MetricSeries> first = threads.submit(() -> cache.read(slow));
      slowStarted.await();
      Future<MetricSeries> second = threads.submit(() -> cache.read(slow));

      MetricSeries unrelated = cache.read(other); // answered while the slow read is still in progress
      assertThat(first.isDone()).isFalse();
      releaseSlow.countDown();

      assertThat(unrelated.windowStart()).isEqualTo(other.from());
      assertThat(first.get().windowStart()).isEqualTo(slow.from());
      assertThat(second.get()).isSameAs(first.get());
      assertThat(reads).hasValue(2);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aFailedReadReachesItsCallerAndIsNotKept() {
    AtomicInteger reads = new AtomicInteger();
    AnswerCache cache = new AnswerCache(query -> {
      if (reads.incrementAndGet() == 1) {
        throw new QueryLimitException("too many groups");
      }
      return series(query.from());
    }, query -> 0, Duration.ofMinutes(125), Duration.ofMinutes(10), Duration.ofSeconds(1), Clock.fixed(NOW, ZoneOffset.UTC));
    MetricQuery open = query(NOW.minus(Duration.ofHours(1)), NOW);

    assertThatThrownBy(() -> cache.read(open)).isInstanceOf(QueryLimitException.class).hasMessage("too many groups");
    assertThat(cache.read(open).windowStart()).isEqualTo(open.from());
    assertThat(reads).hasValue(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MetricSeries series(Instant from) {
    return new MetricSeries(null, null, null, null, from, null, null, null, null, null, null, 0.0, null, null, null, null);
  }

  /** A cache over a reader that only counts its reads; ranges settle 125 minutes after they end. */
  private static AnswerCache cache(AtomicInteger reads, Duration keepOpen) {
    return cache(reads, keepOpen, new AtomicInteger());
  }

  private static AnswerCache cache(AtomicInteger reads, Duration keepOpen, AtomicInteger historyVersion) {
    return new AnswerCache(query -> {
      reads.incrementAndGet();
      return new MetricSeries(null, null, null, null, null, null, null, null, null, null, null, 0.0, null, null, null, null);
    }, query -> historyVersion.get(), Duration.ofMinutes(125), Duration.ofMinutes(10), keepOpen,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static MetricQuery query(Instant from, Instant to) {
    return MetricQuery.of(EVENT_COUNT, EVENT_COUNT.windows().get(0), from, to, Map.of());
  }
}
