package dev.pulse.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.catalog.MetricCatalog;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricReaderTest {
  private static final Instant FROM = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-24T11:00:00Z");

  @Test
  void readsTheMetricsWindowsStartingInTheRangeSummedPerWindow() {
    String sql = MetricReader.aggregateSql(query(Map.of("event_type", "page_view")));

    assertThat(sql)
        .startsWith("SELECT window_start, SUM(\"value\"), MIN(\"value\"), MAX(\"value\"), SUM(numerator)")
        .contains("WHERE metric = 'event_count' AND window_spec = '1m'")
        .contains("AND window_start >= " + FROM.toEpochMilli())
        .contains("AND window_start < " + TO.toEpochMilli())
        .contains("AND JSON_MATCH(dims, '\"$.event_type\"=''page_view''')")
        .endsWith("GROUP BY window_start ORDER BY window_start LIMIT 100000");
  }

  @Test
  void aQuoteInAFilterValueStaysInsideItsLiteral() {
    String sql = MetricReader.aggregateSql(query(Map.of("source", "x') OR 1=1 --")));

    // Doubled for JSON_MATCH's expression, then doubled again for the SQL literal around it.
    assertThat(sql).contains("JSON_MATCH(dims, '\"$.source\"=''x'''') OR 1=1 --''')");
  }

  private static MetricQuery query(Map<String, String> filters) {
    var metric = MetricCatalog.loadDefault().find("event_count").orElseThrow();
    return new MetricQuery(metric, metric.windows().get(0), FROM, TO, filters);
  }
}
