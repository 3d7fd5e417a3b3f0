package dev.pulse.preagg.functions;

import static dev.pulse.preagg.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.catalog.CatalogLoader;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.preagg.Events;
import dev.pulse.preagg.records.MetricContribution;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class MetricExtractorTest {

  @Test
  void eventCountTakesSourceAndEventTypeFromTheEnvelope() {
    List<MetricContribution> out = extract(MetricCatalog.loadDefault(), Events.pageView("web", T0));

    assertThat(out).hasSize(1);
    assertThat(out.get(0).metric).isEqualTo("event_count");
    assertThat(out.get(0).dims()).isEqualTo(Map.of("source", "web", "event_type", "page_view"));
    assertThat(out.get(0).amount).isEqualTo(1.0);
    assertThat(out.get(0).eventTimestamp).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void onlyMatchingMetricsGetAContributionAndMissingPropertiesAreEmpty() {
    MetricCatalog catalog =
        CatalogLoader.parse(
            new ByteArrayInputStream(
                """
                metrics:
                  - name: pages
                    aggregation: count
                    filter: {event_types: [page_view]}
                    dimensions: [properties.page, properties.referrer]
                  - name: purchases
                    aggregation: count
                    filter: {event_types: [purchase]}
                """
                    .getBytes(StandardCharsets.UTF_8)),
            "test");

    List<MetricContribution> out = extract(catalog, Events.pageView("web", T0));

    assertThat(out).extracting(c -> c.metric).containsExactly("pages");
    assertThat(out.get(0).dims())
        .isEqualTo(Map.of("properties.page", "/home", "properties.referrer", ""));
  }

  @Test
  void seriesKeysDoNotCollideAcrossDimensionBoundaries() {
    MetricContribution a =
        new MetricContribution("m", new String[] {"a", "b"}, new String[] {"x:1", "y"}, 1, 0);
    MetricContribution b =
        new MetricContribution("m", new String[] {"a", "b"}, new String[] {"x", "1:y"}, 1, 0);

    assertThat(a.seriesKey()).isNotEqualTo(b.seriesKey());
  }

  private static List<MetricContribution> extract(
      MetricCatalog catalog, dev.pulse.preagg.records.RawEvent event) {
    List<MetricContribution> out = new ArrayList<>();
    new MetricExtractor(CompiledMetric.compile(catalog))
        .flatMap(
            event,
            new Collector<>() {
              @Override
              public void collect(MetricContribution record) {
                out.add(record);
              }

              @Override
              public void close() {}
            });
    return out;
  }
}
