package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.api.admission.Admission;
import dev.pulse.api.api.MetricSeries;
import dev.pulse.api.pinot.PinotBroker;
import dev.pulse.api.pinot.PinotFactory;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentReaderTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 60 * MINUTE), ZoneOffset.UTC);
  private static final MetricDefinition EVENT_COUNT = MetricCatalog.loadDefault().find("event_count").orElseThrow();
  private static final WindowSpec MINUTES = EVENT_COUNT.windows().get(0);

  private final RecentRows rows = rows("{}");
  private final RecentReader reader =
      new RecentReader(rows, new QueryLimits(Duration.ofDays(1), 1440, 50, 1000), CLOCK,
          new Admission.Kinds(new PrometheusRegistry()).of("reads from memory", 2, Duration.ofMillis(250)));

  @Test
  void aTenantWhoseRowsCannotLoadIsReadFromPinot() {
    // No Pinot answers here: the load fails, and the read goes to Pinot (where it fails in turn).
    assertThat(reader.read(query(T0, T0 + 10 * MINUTE, Map.of(), List.of(), 1), Optional.of("acme"))).isEmpty();
    assertThat(rows.tenant("acme")).isEmpty();
  }

  @Test
  void filtersGroupsAndBucketsAsPinotWould() {
    TenantRows acme = held("acme");
    acme.apply(row(T0, "web", "/a", 1, 3));
    acme.apply(row(T0, "web", "/b", 1, 2));
    acme.apply(row(T0 + MINUTE, "ios", "/a", 1, 4));
    acme.apply(row(T0 + 5 * MINUTE, "web", "/a", 1, 7)); // the next 5-minute bucket

    MetricSeries bySource = reader.read(query(T0, T0 + 10 * MINUTE, Map.of(), List.of("source"), 5),
        Optional.of("acme")).orElseThrow();
    MetricSeries pageA = reader.read(query(T0, T0 + 10 * MINUTE, Map.of("properties.page", List.of("/a")), List.of(), 5),
        Optional.of("acme")).orElseThrow();

    assertThat(bySource.groups()).extracting(g -> g.dimensions().get("source") + "=" + g.total())
        .containsExactly("web=12.0", "ios=4.0");
    assertThat(bySource.totals()).extracting(MetricSeries.Window::value).containsExactly(9.0, 7.0);
    assertThat(pageA.windows()).extracting(w -> w.windowStart().toEpochMilli() + "=" + w.value())
        .containsExactly(T0 + "=7.0", (T0 + 5 * MINUTE) + "=7.0");
    assertThat(pageA.source()).isEqualTo("realtime");
  }

  @Test
  void aRowKeepsItsNewestVersion() {
    TenantRows acme = held("acme");
    acme.apply(row(T0, "web", "/a", 2, 5));
    acme.apply(row(T0, "web", "/a", 1, 3)); // an older emission fetched late
    acme.apply(row(T0 + MINUTE, "web", "/a", 1, 1));
    acme.apply(row(T0 + MINUTE, "web", "/a", 3, 6));

    MetricSeries answer = reader.read(query(T0, T0 + 2 * MINUTE, Map.of(), List.of(), 1), Optional.of("acme"))
        .orElseThrow();

    assertThat(answer.windows()).extracting(MetricSeries.Window::value).containsExactly(5.0, 6.0);
  }

  @Test
  void readsBeforeTheHeldRowsOrAfterTheFeedStalledGoToPinot() {
    held("acme").dropBefore(T0 + 10 * MINUTE);

    assertThat(reader.read(query(T0, T0 + 20 * MINUTE, Map.of(), List.of(), 1), Optional.of("acme"))).isEmpty();
    assertThat(reader.read(query(T0 + 10 * MINUTE, T0 + 20 * MINUTE, Map.of(), List.of(), 1), Optional.of("acme")))
        .isPresent();
    rows.refreshed(CLOCK.millis() - 6_000);
    assertThat(reader.read(query(T0 + 10 * MINUTE, T0 + 20 * MINUTE, Map.of(), List.of(), 1), Optional.of("acme")))
        .isEmpty();
  }

  @Test
  void theTenantsReadLeastRecentlyGoPastTheMemoryBound() {
    RecentRows small = rows("{\"maxMemory\": \"1KB\"}");
    TenantRows old = new TenantRows("old", T0, T0, T0);
    TenantRows recent = new TenantRows("recent", T0, T0, T0 + MINUTE);
    for (int i = 0; i < 4; i++) {
      old.apply(row(T0 + i * MINUTE, "web", "/a", 1, 1));
      recent.apply(row(T0 + i * MINUTE, "web", "/a", 1, 1));
    }
    small.add(old);
    small.add(recent);

    assertThat(small.tenant("old")).isEmpty();
    assertThat(small.tenant("recent")).isPresent();
  }

  /** Rows whose Pinot never answers, with these {@code query.recentRows} settings. */
  private static RecentRows rows(String settings) {
    try {
      PinotFactory pinot = new PinotFactory();
      pinot.setBrokerUrl("http://127.0.0.1:9");
      PrometheusRegistry registry = new PrometheusRegistry();
      PinotBroker broker = pinot.buildRecentRowsBroker(new Admission.Kinds(registry));
      return new ObjectMapper().readValue(settings, RecentRowsFactory.class)
          .build(broker, new ColumnCoverage(broker, Duration.ofMinutes(1)), CLOCK, registry).rows();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private TenantRows held(String tenant) {
    TenantRows held = new TenantRows(tenant, T0, T0, CLOCK.millis());
    rows.add(held);
    rows.refreshed(CLOCK.millis());
    return held;
  }

  private static MetricQuery query(long from, long to, Map<String, List<String>> filters, List<String> groupBy,
      int minutes) {
    return new MetricQuery(EVENT_COUNT, MINUTES, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), filters,
        groupBy, Duration.ofMinutes(minutes), Optional.of("acme"));
  }

  private static RecentRow row(long windowStart, String source, String page, long version, long count) {
    Map<String, String> dims = Map.of("tenant", "acme", "source", source, "properties.page", page);
    return new RecentRow(EVENT_COUNT.name(), MINUTES.id(), windowStart, windowStart + MINUTE, source + page, dims,
        version, true, count, 0, 0, count, windowStart + MINUTE, null);
  }
}
