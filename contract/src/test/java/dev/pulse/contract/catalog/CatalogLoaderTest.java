package dev.pulse.contract.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

  @Test
  void defaultCatalogCountsEveryEventBySourceAndEventType() {
    MetricDefinition eventCount = MetricCatalog.loadDefault().find("event_count").orElseThrow();

    assertThat(eventCount.aggregation()).isEqualTo(Aggregation.COUNT);
    assertThat(eventCount.dimensions())
        .extracting(DimensionPath::path)
        .containsExactly("source", "event_type");
    assertThat(eventCount.filter().matches("page_view")).isTrue();
    assertThat(eventCount.filter().matches("purchase")).isTrue();
  }

  @Test
  void propertyDimensionsAndEventTypeFiltersAreParsed() {
    MetricCatalog catalog =
        parse(
            """
            metrics:
              - name: page_views
                aggregation: count
                filter: {event_types: [page_view]}
                dimensions: [source, properties.page]
            """);
    MetricDefinition metric = catalog.find("page_views").orElseThrow();

    assertThat(metric.filter().matches("page_view")).isTrue();
    assertThat(metric.filter().matches("purchase")).isFalse();
    assertThat(metric.dimensions().get(1).isProperty()).isTrue();
    assertThat(metric.dimensions().get(1).field()).isEqualTo("page");
  }

  @Test
  void everyProblemIsReportedWithItsMetric() {
    CatalogException error =
        catchThrowableOfType(
            CatalogException.class,
            () ->
                parse(
                    """
                    metrics:
                      - name: Bad-Name
                        aggregation: count
                      - name: orders
                        aggregation: median
                        filter: {event_types: [purchse]}
                        dimensions: [country, properties.currency, properties.currency]
                      - name: orders
                        aggregation: count
                    """));

    assertThat(error.problems())
        .anySatisfy(p -> assertThat(p).contains("metrics[0]").contains("name must match"))
        .anySatisfy(p -> assertThat(p).contains("orders").contains("unknown aggregation 'median'"))
        .anySatisfy(p -> assertThat(p).contains("unknown event type 'purchse'"))
        .anySatisfy(p -> assertThat(p).contains("unknown dimension 'country'"))
        .anySatisfy(p -> assertThat(p).contains("'properties.currency' is listed twice"))
        .anySatisfy(p -> assertThat(p).contains("metrics[2] (orders): duplicate metric name"));
  }

  @Test
  void aMisspelledKeyIsRejectedWithWhereItIs() {
    CatalogException error =
        catchThrowableOfType(
            CatalogException.class,
            () ->
                parse(
                    """
                    metrics:
                      - name: orders
                        aggregation: count
                        dimension: [source]
                    """));

    assertThat(error.problems())
        .containsExactly(
            "metrics[0]: unknown key 'dimension'; expected one of "
                + "[aggregation, description, dimensions, filter, name]");
  }

  private static MetricCatalog parse(String yaml) {
    return CatalogLoader.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
  }
}
