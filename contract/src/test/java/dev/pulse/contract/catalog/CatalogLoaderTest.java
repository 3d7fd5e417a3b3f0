package dev.pulse.contract.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

  @Test
  void defaultCatalogCountsEveryEventByTenantSourceAndEventType() {
    MetricDefinition eventCount = MetricCatalog.loadDefault().find("event_count").orElseThrow();

    assertThat(eventCount.aggregation()).isEqualTo(Aggregation.COUNT);
    assertThat(eventCount.dimensions())
        .extracting(FieldPath::path)
        .containsExactly("tenant", "source", "event_type");
    assertThat(eventCount.filter().matchesType("page_view")).isTrue();
    assertThat(eventCount.filter().matchesType("purchase")).isTrue();
    assertThat(eventCount.windows()).extracting(WindowSpec::id).containsExactly("1m", "5m/30s");
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

    assertThat(metric.filter().matchesType("page_view")).isTrue();
    assertThat(metric.filter().matchesType("purchase")).isFalse();
    assertThat(metric.windows()).containsExactly(WindowSpec.ONE_MINUTE);
    assertThat(metric.dimensions().get(2).isProperty()).isTrue();
    assertThat(metric.dimensions().get(2).field()).isEqualTo("page");
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
        .anySatisfy(p -> assertThat(p).contains("unknown field 'country'"))
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
                + "[aggregation, description, dimensions, filter, name, numerator, value, windows]");
  }

  @Test
  void theDefaultCatalogHasEveryAggregationKind() {
    assertThat(MetricCatalog.loadDefault().metrics())
        .extracting(MetricDefinition::aggregation)
        .contains(Aggregation.values());
  }

  @Test
  void valueFiltersRatiosAndSlidingWindowsAreParsed() {
    MetricCatalog catalog =
        parse(
            """
            metrics:
              - name: eur_revenue
                aggregation: sum
                value: properties.amount
                filter: {event_types: [purchase], properties: {currency: [EUR]}}
                windows: [1m, 5m/30s]
              - name: error_rate
                aggregation: ratio
                numerator: {event_types: error}
                dimensions: [source]
            """);

    MetricDefinition revenue = catalog.find("eur_revenue").orElseThrow();
    assertThat(revenue.value().field()).isEqualTo("amount");
    assertThat(revenue.filter().matches("purchase", Map.of("currency", "EUR")::get)).isTrue();
    assertThat(revenue.filter().matches("purchase", Map.of("currency", "USD")::get)).isFalse();
    WindowSpec sliding = revenue.windows().get(1);
    assertThat(sliding.isTumbling()).isFalse();
    assertThat(sliding.windowsPerInstant()).isEqualTo(10);
    MetricDefinition errorRate = catalog.find("error_rate").orElseThrow();
    assertThat(errorRate.numerator().matchesType("error")).isTrue();
    assertThat(errorRate.numerator().matchesType("page_view")).isFalse();
  }

  @Test
  void valuesAreCheckedAgainstTheEventSchemas() {
    CatalogException error =
        catchThrowableOfType(
            CatalogException.class,
            () ->
                parse(
                    """
                    metrics:
                      - name: bad_sum
                        aggregation: sum
                        value: properties.page
                        filter: {event_types: [page_view]}
                      - name: no_value
                        aggregation: avg
                      - name: missing_property
                        aggregation: max
                        value: properties.price
                        filter: {event_types: [purchase]}
                      - name: count_with_value
                        aggregation: count
                        value: properties.amount
                      - name: ratio_without_numerator
                        aggregation: ratio
                      - name: bad_window
                        aggregation: count
                        windows: [5m/2m, 90x]
                    """));

    assertThat(error.problems())
        .anySatisfy(p -> assertThat(p).contains("bad_sum").contains("properties.page of page_view is not a number"))
        .anySatisfy(p -> assertThat(p).contains("no_value").contains("avg needs a value field"))
        .anySatisfy(p -> assertThat(p).contains("missing_property").contains("no event type of the filter has property 'price'"))
        .anySatisfy(p -> assertThat(p).contains("count_with_value").contains("count takes no value field"))
        .anySatisfy(p -> assertThat(p).contains("ratio_without_numerator").contains("ratio needs a numerator"))
        .anySatisfy(p -> assertThat(p).contains("bad_window").contains("slide must divide its size"))
        .anySatisfy(p -> assertThat(p).contains("bad_window").contains("durations like 30s"));
  }

  private static MetricCatalog parse(String yaml) {
    return CatalogLoader.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
  }
}
