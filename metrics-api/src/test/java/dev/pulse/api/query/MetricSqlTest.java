package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricSqlTest {
  private static final Instant FROM = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-24T11:00:00Z");
  private static final MetricDefinition EVENT_COUNT = MetricCatalog.loadDefault().find("event_count").orElseThrow();

  @Test
  void sumsTheMetricsWindowsStartingInTheRangePerWindow() {
    String sql = sql(MetricQuery.of(EVENT_COUNT, EVENT_COUNT.windows().get(0), FROM, TO, Map.of("event_type", List.of("page_view"))));

    assertThat(sql)
        .startsWith("SELECT window_start, SUM(\"value\"), MIN(\"value\"), MAX(\"value\"), SUM(numerator)")
        .contains("WHERE metric = 'event_count' AND window_spec = '1m'")
        .contains("AND window_start >= " + FROM.toEpochMilli())
        .contains("AND window_start < " + TO.toEpochMilli())
        .contains("AND JSON_MATCH(dims, '\"$.event_type\"=''page_view''')")
        .endsWith("GROUP BY window_start ORDER BY window_start LIMIT 10");
  }

  @Test
  void rollsUpInPinotAndGroupsBySeriesWithTheTenantAlwaysFiltered() {
    MetricQuery query = new MetricQuery(EVENT_COUNT, EVENT_COUNT.windows().get(0), FROM, TO,
        Map.of("source", List.of("web", "ios")), List.of("event_type"), Duration.ofHours(1), Optional.of("acme"));

    String sql = sql(query);

    assertThat(sql)
        .startsWith("SELECT SUB(window_start, MOD(window_start, 3600000)), dims,")
        .contains("AND JSON_MATCH(dims, '\"$.tenant\"=''acme''')")
        .contains("AND JSON_MATCH(dims, '\"$.source\" IN (''web'',''ios'')')")
        .contains("GROUP BY SUB(window_start, MOD(window_start, 3600000)), dims");
  }

  @Test
  void aQuoteInAFilterValueStaysInsideItsLiteral() {
    String sql = sql(MetricQuery.of(EVENT_COUNT, EVENT_COUNT.windows().get(0), FROM, TO, Map.of("source", List.of("x') OR 1=1 --"))));

    // Doubled for JSON_MATCH's expression, then doubled again for the SQL literal around it.
    assertThat(sql).contains("JSON_MATCH(dims, '\"$.source\"=''x'''') OR 1=1 --''')");
  }

  @Test
  void withDimensionColumnsFiltersAndGroupsOnThemInstead() {
    MetricQuery query = new MetricQuery(EVENT_COUNT, EVENT_COUNT.windows().get(0), FROM, TO,
        Map.of("source", List.of("web", "i'os")), List.of("event_type", "source"), Duration.ofHours(1),
        Optional.of("acme"));

    String sql = MetricSql.aggregate(query, DimensionSql.COLUMNS, "metrics_agg", FROM.toEpochMilli(), TO.toEpochMilli(),
        null, 10);

    assertThat(sql)
        .startsWith("SELECT SUB(window_start, MOD(window_start, 3600000)), dim_event_type, dim_source,")
        .contains("AND dim_tenant = 'acme'")
        .contains("AND dim_source IN ('web', 'i''os')")
        .doesNotContain("JSON_MATCH")
        .contains("GROUP BY SUB(window_start, MOD(window_start, 3600000)), dim_event_type, dim_source");
  }

  private static String sql(MetricQuery query) {
    return MetricSql.aggregate(query, DimensionSql.DOCUMENT, "metrics_agg", query.from().toEpochMilli(),
        query.to().toEpochMilli(), null, 10);
  }
}
