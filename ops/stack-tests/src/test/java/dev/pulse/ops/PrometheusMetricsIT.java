package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both services answer Prometheus' text format on their admin port, and the API counts what it
 * accepted per source and dead-lettered per error type, as a scrape would see it.
 */
@ExtendWith(StackExtension.class)
class PrometheusMetricsIT {
  @Test
  void theApiCountsAcceptedEventsBySourceAndDeadLettersByErrorType(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "prom-" + UUID.randomUUID().toString().substring(0, 8);
    double malformedBefore = value(scrape(api, stack.apiAdminUrl() + "/prometheus"), "pulse_ingest_dead_letters_total", "error_type", "malformed_json");

    assertThat(api.postEvents(PulseApi.batch(7, source)).statusCode()).isEqualTo(200);
    String notJson = "{\"events\": [";
    assertThat(api.send("POST", "/v1/events", notJson, "application/json", api.producerKey(source)).statusCode()).isEqualTo(400);

    String metrics = scrape(api, stack.apiAdminUrl() + "/prometheus");
    assertThat(value(metrics, "pulse_ingest_accepted_events_total", "source", source)).isEqualTo(7.0);
    assertThat(value(metrics, "pulse_ingest_dead_letters_total", "error_type", "malformed_json")).isEqualTo(malformedBefore + 1);
    assertThat(metrics).contains("jvm_memory_used_bytes").contains("io_dropwizard_jetty_MutableServletContextHandler");
  }

  @Test
  void theAlertSchedulerServesItsMetricsToo(LocalStack stack) throws Exception {
    String metrics = scrape(new PulseApi(stack), stack.schedulerAdminUrl() + "/prometheus");

    assertThat(metrics).contains("# TYPE jvm_threads_current gauge").contains("io_dropwizard_jetty_MutableServletContextHandler");
  }

  private static String scrape(PulseApi api, String url) throws Exception {
    HttpResponse<String> response = api.send("GET", url, null, null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return response.body();
  }

  /** The sample of this metric with this label value; 0 when there is none yet. */
  private static double value(String metrics, String name, String label, String labelValue) {
    Matcher sample = Pattern.compile(
        "^" + Pattern.quote(name) + "\\{" + Pattern.quote(label) + "=\"" + Pattern.quote(labelValue) + "\"\\} (\\S+)$",
        Pattern.MULTILINE).matcher(metrics);
    return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
  }
}
