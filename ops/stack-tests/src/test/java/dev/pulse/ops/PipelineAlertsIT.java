package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  private static OnCallPages pages;

  @BeforeAll
  static void pageThroughTheOnCallChannel(LocalStack stack) throws Exception {
    pages = new OnCallPages(stack);
  }

  @AfterAll
  static void stopReceiving() {
    pages.close();
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
      // 0.4%: 75 s covers the rule's 1 m rate and its 30 s "for" with room to spare. The alert must
      // never fire (and so never page). It may flicker to pending while the load starts: the API's
      // dead-letter counter and Kafka's messages-in counter are scraped from different processes,
      // and for a scrape or two the 1 m rates see the first dead letters before their events.
      Instant until = Instant.now().plusSeconds(75);
      while (Instant.now().isBefore(until)) {
        assertThat(monitoring.prometheusAlertStates("DeadLetterShareHigh")).as("0.4% of dead letters")
            .doesNotContain("firing");
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

      OnCallPages.Page page = awaitPage("DeadLetterShareHigh");
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

  /**
   * The z-score check: a metric of its own (added to the live catalog) gets 40 minutes of history
   * as late events, then a live minute at the usual rate, which must not fire, then a tenfold
   * minute, which must fire and page.
   */
  @Test
  @Order(6)
  void aTenfoldMinuteOfAMetricFiresItsZScoreAlertAndTheUsualRateDoesNot(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    try (MetricSpikeScenario scenario = new MetricSpikeScenario(stack, new PulseApi(stack))) {
      scenario.begin();
      String metric = scenario.metric();
      String series = "{metric=\"" + metric + "\"}";
      awaitJudged(monitoring, series, scenario.usual());
      assertThat(monitoring.value("pulse_metric_final_value" + series)).as("the usual minute").isEqualTo(100);
      assertThat(monitoring.value("pulse_metric_baseline_minutes" + series)).isBetween(40.0, 42.0);
      assertThat(Math.abs(monitoring.value("pulse_metric_zscore" + series))).as("the usual minute's z").isLessThan(3);
      // The usual minute stays judged until the spike's minute is: no alert may even pend meanwhile.
      while (judgedMinute(monitoring, series).isBefore(scenario.spike())) {
        assertThat(monitoring.query("ALERTS{alertname=\"MetricAnomalySpike\",metric=\"" + metric + "\"}"))
            .as("alerts at the usual rate").isEmpty();
        Thread.sleep(2_000);
      }

      List<Monitoring.Active> firing = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> monitoring.activeAlerts("MetricAnomalySpike").stream()
              .filter(alert -> metric.equals(alert.labels().get("metric"))).toList(), alerts -> !alerts.isEmpty());
      assertThat(monitoring.value("pulse_metric_final_value" + series)).as("the spike's minute").isEqualTo(1000);
      assertThat(Double.parseDouble(firing.get(0).annotations().get("value"))).isGreaterThan(3);
      OnCallPages.Page paged = pages.awaitTrigger("Metric " + metric + " spiked");
      assertThat(paged.severity()).isEqualTo("warning");
    }
  }

  private static void awaitJudged(Monitoring monitoring, String series, Instant minute) throws Exception {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> !judgedMinute(monitoring, series).isBefore(minute));
    assertThat(judgedMinute(monitoring, series)).isEqualTo(minute);
  }

  private static Instant judgedMinute(Monitoring monitoring, String series) throws Exception {
    return Instant.ofEpochSecond((long) monitoring.value("pulse_metric_judged_minute_timestamp_seconds" + series));
  }

  private static void awaitQuiet(Monitoring monitoring, String alertname) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
        .until(() -> monitoring.activeAlerts(alertname), List::isEmpty);
  }

  private static OnCallPages.Page awaitPage(String alertname) {
    return pages.awaitTrigger(ruleNameOf(alertname));
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
