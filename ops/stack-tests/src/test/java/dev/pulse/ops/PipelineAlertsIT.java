package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipeline's own alerts over the real stack: faults are injected, each alert is asserted on
 * Alertmanager's API, and its page on the local PagerDuty receiver, through alert-scheduler.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineAlertsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The named channel pipeline alerts page through (alert-scheduler.yml pipelineAlerts.channel). */
  private static final String CHANNEL = "pulse-oncall";
  private static final String ROUTING_KEY = "pipeline" + UUID.randomUUID().toString().substring(0, 8);
  private static WebhookReceiver receiver;

  @BeforeAll
  static void pageThroughTheOnCallChannel(LocalStack stack) throws Exception {
    receiver = new WebhookReceiver(stack.receiverPort());
    ObjectNode channel = JSON.createObjectNode().put("name", CHANNEL).put("pagerduty_routing_key", ROUTING_KEY);
    HttpResponse<String> created = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(stack.schedulerUrl().resolve("/v1/channels"))
            .header("Authorization", "Bearer " + stack.schedulerToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(channel.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
  }

  @AfterAll
  static void stopReceiving() {
    receiver.close();
  }

  @Test
  @Order(1)
  void prometheusScrapesEveryComponent(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    // A group has a lag once it has committed offsets, which a job does at its first checkpoint
    // after it has read something.
    assertThat(new PulseApi(stack).postEvents(PulseApi.batch(20, "scraped")).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(monitoring.targetHealth())
        .containsOnlyKeys("metrics-api", "alert-scheduler", "monitor", "preagg-flink", "alerting-flink", "archive-flink",
            "kafka", "pinot-controller", "pinot-broker", "pinot-server", "pinot-minion", "alertmanager", "prometheus")
        .allSatisfy((job, health) -> assertThat(health).as(job).isEqualTo("up")));
    for (String family : List.of(
        "kafka_consumergroup_lag_seconds{consumergroup=\"pulse-preagg\"}",
        "pulse_pinot_ingestion_lag{table=\"metrics_agg\"}",
        "pinot_server_highestStreamOffsetConsumed{table=\"metrics_agg\"}",
        "kafka_server_brokertopicmetrics_messagesin_total{topic=\"events.raw\"}",
        "flink_jobmanager_job_lastCheckpointDuration{job_name=\"pulse_preagg\"}",
        "flink_taskmanager_job_task_backPressuredTimeMsPerSecond{job_name=\"pulse_archive\"}",
        "flink_jobmanager_job_numRestarts{job_name=\"pulse_alerting\"}")) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(monitoring.query(family)).as(family).isNotEmpty());
    }
  }

  @Test
  @Order(2)
  void aDeadLetterShareOfOnePercentPagesWithinAMinuteAndOfFourTenthsNever(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    PulseApi api = new PulseApi(stack);
    try (SteadyLoad quiet = new SteadyLoad(api, "dlq-quiet", 250, 1)) {
      // Earlier tests' malformed input (the fuzzing, say) must first leave the rule's 1 m window.
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
          .until(() -> monitoring.prometheusAlertStates("DeadLetterShareHigh"), List::isEmpty);
      // 0.4%: 75 s covers the rule's 1 m rate and its 30 s "for" with room to spare.
      Instant until = Instant.now().plusSeconds(75);
      while (Instant.now().isBefore(until)) {
        assertThat(monitoring.prometheusAlertStates("DeadLetterShareHigh")).as("0.4% of dead letters").isEmpty();
        Thread.sleep(2_000);
      }
      assertThat(quiet.rejected()).isPositive();
    }
    Instant start = Instant.now();
    try (SteadyLoad loud = new SteadyLoad(api, "dlq-loud", 200, 2)) {
      List<Monitoring.Active> firing = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> monitoring.activeAlerts("DeadLetterShareHigh"), alerts -> !alerts.isEmpty());
      assertThat(Duration.between(start, Instant.now())).isLessThanOrEqualTo(Duration.ofSeconds(60));
      assertThat(firing.get(0).labels()).containsEntry("severity", "critical");
      assertThat(Double.parseDouble(firing.get(0).annotations().get("value"))).isBetween(0.005, 0.02);

      JsonPage page = awaitPage("DeadLetterShareHigh");
      assertThat(page.summary()).contains("More than 0.5% of incoming events go to the DLQ");
      assertThat(page.severity()).isEqualTo("critical");
      assertThat(page.link()).endsWith("/consoles/pulse.html");
    }
  }

  @Test
  @Order(3)
  void aStoppedPreAggregationJobFiresLagAndFreshnessThatClearWhenItGoesOn(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    try (SteadyLoad load = new SteadyLoad(new PulseApi(stack), "stalled", 50, 0)) {
      awaitQuiet(monitoring, "FreshnessSloBreached");
      stack.signal("preagg-flink", "STOP");
      try {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
          assertThat(monitoring.activeAlerts("ConsumerLagHigh")).extracting(a -> a.labels().get("consumergroup"))
              .contains("pulse-preagg");
          assertThat(monitoring.activeAlerts("FreshnessSloBreached")).isNotEmpty();
          assertThat(monitoring.activeAlerts("ExporterDown")).extracting(a -> a.labels().get("job"))
              .contains("preagg-flink");
        });
        assertThat(monitoring.activeAlerts("ConsumerLagHigh")).extracting(a -> a.labels().get("consumergroup"))
            .as("the other jobs read on").doesNotContain("pulse-alerting");
        awaitPage("ConsumerLagHigh");
        awaitPage("FreshnessSloBreached");
      } finally {
        stack.signal("preagg-flink", "CONT");
      }
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
        assertThat(monitoring.activeAlerts("ConsumerLagHigh")).isEmpty();
        assertThat(monitoring.activeAlerts("FreshnessSloBreached")).isEmpty();
      });
      assertThat(load.rejected()).isZero();
    }
  }

  @Test
  @Order(4)
  void aStoppedPinotServerFiresFreshnessAndItsExportersAbsence(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    try (SteadyLoad load = new SteadyLoad(new PulseApi(stack), "pinot-stopped", 50, 0)) {
      awaitQuiet(monitoring, "FreshnessSloBreached");
      stack.signal("pinot-server", "STOP");
      try {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
          assertThat(monitoring.activeAlerts("FreshnessSloBreached")).isNotEmpty();
          assertThat(monitoring.activeAlerts("ExporterDown")).extracting(a -> a.labels().get("job"))
              .contains("pinot-server");
        });
        awaitPage("ExporterDown");
      } finally {
        stack.signal("pinot-server", "CONT");
      }
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
        assertThat(monitoring.activeAlerts("FreshnessSloBreached")).isEmpty();
        assertThat(monitoring.activeAlerts("ExporterDown")).isEmpty();
      });
    }
  }

  /** The Grafana dashboard shipped beside the console: well formed, and every query answers live. */
  @Test
  @Order(5)
  void everyQueryOfTheGrafanaDashboardAnswersFromTheLivePrometheus(LocalStack stack) throws Exception {
    var dashboard = JSON.readTree(stack.repo().resolve("ops/prometheus/grafana/pulse-dashboard.json").toFile());
    Monitoring monitoring = new Monitoring(stack);
    assertThat(dashboard.path("uid").asText()).isEqualTo("pulse-pipeline");
    assertThat(dashboard.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
    List<Integer> ids = new java.util.ArrayList<>();
    List<String> expressions = new java.util.ArrayList<>();
    for (var panel : dashboard.path("panels")) {
      ids.add(panel.path("id").asInt());
      if (!"row".equals(panel.path("type").asText())) {
        assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
        panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
      }
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(expressions).hasSizeGreaterThan(15);
    try (SteadyLoad load = new SteadyLoad(new PulseApi(stack), "grafana", 50, 0)) {
      for (String expression : expressions) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(monitoring.query(expression)).as(expression).isNotEmpty());
      }
    }
  }

  private static void awaitQuiet(Monitoring monitoring, String alertname) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
        .until(() -> monitoring.activeAlerts(alertname), List::isEmpty);
  }

  /** A PagerDuty trigger as the receiver got it. */
  private record JsonPage(String summary, String severity, String link) {}

  private static JsonPage awaitPage(String alertname) {
    List<WebhookReceiver.Received> pages = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> receiver.acceptedFor(ROUTING_KEY).stream()
            .filter(page -> "trigger".equals(page.body().path("event_action").asText()))
            .filter(page -> page.body().path("payload").path("summary").asText().contains(ruleNameOf(alertname)))
            .toList(), found -> !found.isEmpty());
    var body = pages.get(0).body();
    return new JsonPage(body.path("payload").path("summary").asText(), body.path("payload").path("severity").asText(),
        body.path("client_url").asText());
  }

  /** How each alert's summary begins (ops/prometheus/rules/pulse.yml). */
  private static String ruleNameOf(String alertname) {
    return switch (alertname) {
      case "DeadLetterShareHigh" -> "More than 0.5% of incoming events go to the DLQ";
      case "ConsumerLagHigh" -> "Consumer group pulse-preagg is behind";
      case "FreshnessSloBreached" -> "Served metrics are older than the 60 s freshness SLO";
      case "ExporterDown" -> "Prometheus cannot scrape pinot-server";
      default -> alertname;
    };
  }

  /** Batches posted twice a second, {@code malformed} of each {@code size} with a wrong type. */
  private static final class SteadyLoad implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong rejected = new AtomicLong();
    private final PulseApi api;
    private final String source;
    private final int size;
    private final int malformed;

    SteadyLoad(PulseApi api, String source, int size, int malformed) {
      this.api = api;
      this.source = source;
      this.size = size;
      this.malformed = malformed;
      timer.scheduleAtFixedRate(this::post, 0, 500, TimeUnit.MILLISECONDS);
    }

    long rejected() {
      return rejected.get();
    }

    private void post() {
      ArrayNode events = PulseApi.batch(size, source);
      for (int i = 0; i < malformed; i++) {
        ((ObjectNode) events.get(i * (size / Math.max(1, malformed))).get("properties")).put("page", 12);
      }
      try {
        HttpResponse<String> answer = api.postEvents(events);
        rejected.addAndGet(JSON.readTree(answer.body()).path("rejected").asLong());
      } catch (Exception e) {
        rejected.addAndGet(size); // counted as refused; the assertions say whether that was expected
      }
    }

    @Override
    public void close() throws InterruptedException {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
