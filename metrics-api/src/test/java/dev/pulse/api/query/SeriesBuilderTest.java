package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.api.api.MetricSeries;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesBuilderTest {
  private static final long HOUR = 3_600_000;
  private static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  private static final MetricDefinition EVENT_COUNT = MetricCatalog.loadDefault().find("event_count").orElseThrow();
  private static final MetricQuery HOURLY_BY_SOURCE = new MetricQuery(EVENT_COUNT, EVENT_COUNT.windows().get(0),
      Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 2 * HOUR), Map.of(), List.of("source"), Duration.ofHours(1), Optional.empty());

  @Test
  void groupsComeLargestFirstAndTheirWindowsAddUpToTheTotals() {
    SeriesBuilder series = new SeriesBuilder(HOURLY_BY_SOURCE, 10);
    count(series, "web", T0, 3, true, T0 + HOUR);
    count(series, "ios", T0, 5, true, T0 + HOUR);
    count(series, "web", T0 + HOUR, 4, false, T0 + HOUR + 60_000);

    MetricSeries answer = series.build(Instant.ofEpochMilli(T0 + 2 * HOUR), "realtime", null);

    assertThat(answer.groups()).extracting(g -> g.dimensions().get("source")).containsExactly("web", "ios");
    assertThat(answer.groups()).extracting(MetricSeries.Group::total).containsExactly(7.0, 5.0);
    assertThat(answer.totals()).extracting(MetricSeries.Window::value).containsExactly(8.0, 4.0);
    assertThat(answer.total()).isEqualTo(12);
    assertThat(answer.windows())
        .extracting(w -> w.dimensions().get("source") + "@" + w.windowStart().toEpochMilli() + "=" + w.value())
        .containsExactly("web@" + T0 + "=3.0", "web@" + (T0 + HOUR) + "=4.0", "ios@" + T0 + "=5.0");
  }

  @Test
  void aBucketIsFinalOnlyWhenAllItsRowsAreAndFinalWindowsReachItsEnd() {
    SeriesBuilder series = new SeriesBuilder(HOURLY_BY_SOURCE, 10);
    count(series, "web", T0, 1, true, T0 + HOUR);
    count(series, "web", T0 + HOUR, 1, true, T0 + HOUR + 60_000); // the next hour's first minute is closed

    MetricSeries answer = series.build(Instant.ofEpochMilli(T0 + HOUR + 120_000), "realtime", null);

    assertThat(answer.totals()).extracting(MetricSeries.Window::isFinal).containsExactly(true, false);
    assertThat(answer.freshnessMs()).isEqualTo(60_000);
  }

  @Test
  void eachWindowCarriesTheValuesItsFiltersFixedAndItsGroups() {
    MetricQuery query = new MetricQuery(EVENT_COUNT, EVENT_COUNT.windows().get(0), Instant.ofEpochMilli(T0),
        Instant.ofEpochMilli(T0 + HOUR), Map.of("event_type", List.of("page_view"), "tenant", List.of("acme", "globex")),
        List.of("source"), Duration.ofHours(1), Optional.empty());
    SeriesBuilder series = new SeriesBuilder(query, 10);
    count(series, "web", T0, 2, true, T0 + HOUR);
    count(series, "ios", T0, 2, true, T0 + HOUR);

    MetricSeries answer = series.build(Instant.ofEpochMilli(T0 + HOUR), "realtime", null);

    // equal totals: ordered by their values, so the same read always lists them alike
    assertThat(answer.windows()).extracting(MetricSeries.Window::dimensions).containsExactly(
        Map.of("event_type", "page_view", "source", "ios"), Map.of("event_type", "page_view", "source", "web"));
    assertThat(answer.totals()).singleElement().satisfies(w -> assertThat(w.dimensions()).isEqualTo(Map.of("event_type", "page_view")));
    assertThat(answer.groups()).extracting(MetricSeries.Group::eventCount).containsExactly(2L, 2L);
  }

  @Test
  void withoutGroupByTheWindowsAreTheFilteredSeries() {
    MetricQuery query = MetricQuery.of(EVENT_COUNT, EVENT_COUNT.windows().get(0), Instant.ofEpochMilli(T0),
        Instant.ofEpochMilli(T0 + HOUR), Map.of("source", List.of("web")));
    SeriesBuilder series = new SeriesBuilder(query, 10);
    series.add(List.of(), T0, true, T0 + 60_000, T0 + 60_000, false, r -> r.addRows(7, 7, 7, 0, 0, 7));

    MetricSeries answer = series.build(Instant.ofEpochMilli(T0 + HOUR), "realtime", null);

    assertThat(answer.metricName()).isEqualTo("event_count");
    assertThat(answer.windows()).singleElement().satisfies(w -> {
      assertThat(w.value()).isEqualTo(7);
      assertThat(w.windowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
      assertThat(w.dimensions()).isEqualTo(Map.of("source", "web"));
    });
    assertThat(answer.totals()).isNull();
    assertThat(answer.groups()).isNull();
  }

  @Test
  void nothingCountsAsZeroButHasNoMinimum() {
    MetricDefinition min = MetricCatalog.loadDefault().find("order_value_min").orElseThrow();
    MetricQuery minQuery = MetricQuery.of(min, min.windows().get(0), Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + HOUR), Map.of());

    assertThat(new SeriesBuilder(HOURLY_BY_SOURCE, 10).build(Instant.ofEpochMilli(T0), "realtime", null).total()).isZero();
    assertThat(new SeriesBuilder(minQuery, 10).build(Instant.ofEpochMilli(T0), "realtime", null).total()).isNull();
  }

  @Test
  void moreGroupsThanTheLimitIsAnErrorNamingIt() {
    SeriesBuilder series = new SeriesBuilder(HOURLY_BY_SOURCE, 2);
    count(series, "a", T0, 1, true, T0);
    count(series, "b", T0, 1, true, T0);

    assertThatThrownBy(() -> count(series, "c", T0, 1, true, T0))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("more than 2 groups (query.maxGroups)");
  }

  private static void count(SeriesBuilder series, String source, long bucket, double value, boolean isFinal, long lastEnd) {
    series.add(List.of(source), bucket, isFinal, lastEnd, lastEnd, false, r -> r.addRows(value, value, value, 0, 0, (long) value));
  }
}
