package dev.pulse.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pulse.api.core.CatalogProvider;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import jakarta.ws.rs.WebApplicationException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class MetricsResourceTest {
  private static final MetricDefinition EVENT_COUNT =
      MetricCatalog.loadDefault().find("event_count").orElseThrow();

  @Test
  void dimensionsAreKeyValuePairsOfTheMetricsOwnDimensions() {
    assertThat(MetricsResource.filters(EVENT_COUNT, "source:web,event_type:page_view"))
        .containsEntry("source", "web")
        .containsEntry("event_type", "page_view");
    assertThat(MetricsResource.filters(EVENT_COUNT, "source:a:b")).containsEntry("source", "a:b");
    assertThat(MetricsResource.filters(EVENT_COUNT, null)).isEmpty();
  }

  @Test
  void badParametersAre400sThatSayWhatIsWrong() {
    assertBadRequest(() -> MetricsResource.filters(EVENT_COUNT, "country:US"), "'country' is not a dimension of event_count");
    assertBadRequest(() -> MetricsResource.filters(EVENT_COUNT, "source"), "must be key:value pairs");
    assertBadRequest(() -> MetricsResource.filters(EVENT_COUNT, "source:a,source:b"), "given twice");
    MetricsResource resource = new MetricsResource(CatalogProvider.fixed(MetricCatalog.loadDefault()), null, Clock.systemUTC());
    assertBadRequest(() -> resource.read("event_count", "yesterday", null, null, null), "window_start must be an ISO-8601 instant");
    assertBadRequest(
        () -> resource.read("event_count", "2026-11-24T11:00:00Z", "2026-11-24T10:00:00Z", null, null),
        "window_start must be before window_end");
    assertBadRequest(
        () -> resource.read("event_count", "2026-01-01T00:00:00Z", "2026-11-24T10:00:00Z", null, null),
        "at most 31 days");
    assertBadRequest(() -> resource.read("event_count", null, null, null, "2m"), "window '2m' is not one of event_count's windows");
  }

  @Test
  void anUnknownMetricIs404() {
    MetricsResource resource = new MetricsResource(CatalogProvider.fixed(MetricCatalog.loadDefault()), null, Clock.systemUTC());

    WebApplicationException error =
        catchThrowableOfType(WebApplicationException.class, () -> resource.read("nope", null, null, null, null));

    assertThat(error.getResponse().getStatus()).isEqualTo(404);
  }

  private static void assertBadRequest(Runnable call, String message) {
    WebApplicationException error = catchThrowableOfType(WebApplicationException.class, call::run);
    assertThat(error.getResponse().getStatus()).isEqualTo(400);
    assertThat(error.getResponse().getEntity().toString()).contains(message);
  }
}
