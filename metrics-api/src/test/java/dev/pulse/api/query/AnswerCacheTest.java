package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.api.api.MetricSeries;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
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
