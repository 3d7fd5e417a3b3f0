package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both services answer Prometheus' text format on their admin port, and the API counts what it
 * accepted per source and dead-lettered per error type, and how fresh its live answers were, as a
 * scrape would see it.
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
  void theApiObservesTheFreshnessOfEachAnswerToAnOpenRange(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(api.postEvents(PulseApi.batch(5, source)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(() -> api.total("event_count", "source:" + source) == 5);
    String before = scrape(api, stack.apiAdminUrl() + "/prometheus");

    assertThat(api.total("event_count", "source:" + source)).isEqualTo(5); // one more read of an open range

    String after = scrape(api, stack.apiAdminUrl() + "/prometheus");
    assertThat(plain(after, "pulse_served_answer_freshness_seconds_count"))
        .isEqualTo(plain(before, "pulse_served_answer_freshness_seconds_count") + 1);
    double observed = plain(after, "pulse_served_answer_freshness_seconds_sum")
        - plain(before, "pulse_served_answer_freshness_seconds_sum");
    assertThat(observed).as("the answer's freshness, in seconds").isBetween(0.0, 120.0);
    assertThat(after).contains("pulse_served_answer_freshness_seconds_bucket{le=\"3.0\"}");
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

  /** The sample of this metric without labels; 0 when there is none yet. */
  private static double plain(String metrics, String name) {
    Matcher sample = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
  }

  /** The sample of this metric with this label value; 0 when there is none yet. */
  private static double value(String metrics, String name, String label, String labelValue) {
    Matcher sample = Pattern.compile(
        "^" + Pattern.quote(name) + "\\{" + Pattern.quote(label) + "=\"" + Pattern.quote(labelValue) + "\"\\} (\\S+)$",
        Pattern.MULTILINE).matcher(metrics);
    return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
  }
}
