package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /**
   * The z-score check: a metric of its own (added to the live catalog) gets 40 minutes of history
   * as late events, then a live minute at the usual rate, which must not fire, then a tenfold
   * minute, which must fire and page.
   */
  @Test
  @Order(6)
  void aTenfoldMinuteOfAMetricFiresItsZScoreAlertAndTheUsualRateDoesNot(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    PulseApi api = new PulseApi(stack);
    String id = UUID.randomUUID().toString().substring(0, 8);
    String metric = "zscore_" + id;
    String page = "/zscore-" + id;
    String source = "zscore-" + id;
    Files.writeString(stack.catalogFile(), "\n  - name: " + metric + "\n    aggregation: count\n"
        + "    filter: {event_types: [page_view], properties: {page: ['" + page + "']}}\n    dimensions: [source]\n",
        StandardOpenOption.APPEND);
    awaitCounted(api, metric, source, page);

    Instant live = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    Instant spike = live.plus(1, ChronoUnit.MINUTES);
    double before = totalOf(api, metric, source);
    long history = postHistory(api, source, page, live);

    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    // Four posts a minute from 5 s into the live minute: 100 events a minute, 1000 in the spike.
    load.scheduleAtFixedRate(() -> {
      boolean spiking = Instant.now().truncatedTo(ChronoUnit.MINUTES).equals(spike);
      postAt(api, source, page, spiking ? 250 : 25, null);
    }, Duration.between(Instant.now(), live.plusSeconds(5)).toMillis(), 15_000, TimeUnit.MILLISECONDS);
    try {
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
          .until(() -> totalOf(api, metric, source), total -> total >= before + history);
      String series = "{metric=\"" + metric + "\"}";
      awaitJudged(monitoring, series, live);
      assertThat(monitoring.value("pulse_metric_final_value" + series)).as("the usual minute").isEqualTo(100);
      assertThat(monitoring.value("pulse_metric_baseline_minutes" + series)).isBetween(40.0, 42.0);
      assertThat(Math.abs(monitoring.value("pulse_metric_zscore" + series))).as("the usual minute's z").isLessThan(3);
      // The usual minute stays judged until the spike's minute is: no alert may even pend meanwhile.
      while (judgedMinute(monitoring, series).isBefore(spike)) {
        assertThat(monitoring.query("ALERTS{alertname=\"MetricAnomalySpike\",metric=\"" + metric + "\"}"))
            .as("alerts at the usual rate").isEmpty();
        Thread.sleep(2_000);
      }

      List<Monitoring.Active> firing = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> monitoring.activeAlerts("MetricAnomalySpike").stream()
              .filter(alert -> metric.equals(alert.labels().get("metric"))).toList(), alerts -> !alerts.isEmpty());
      assertThat(monitoring.value("pulse_metric_final_value" + series)).as("the spike's minute").isEqualTo(1000);
      assertThat(Double.parseDouble(firing.get(0).annotations().get("value"))).isGreaterThan(3);
      JsonPage paged = awaitPageSaying("Metric " + metric + " spiked");
      assertThat(paged.severity()).isEqualTo("warning");
    } finally {
      load.shutdownNow();
    }
  }

  /** Probes with events of an old minute (outside the baseline) until the new metric counts them. */
  private static void awaitCounted(PulseApi api, String metric, String source, String page) {
    Instant old = Instant.now().minus(100, ChronoUnit.MINUTES);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
      postAt(api, source, page, 1, old);
      Thread.sleep(5_000);
      return api.total(metric, "source:" + source) > 0;
    });
  }

  /** Forty minutes before {@code live}, as late events: 90 to 110 a minute. */
  private static long postHistory(PulseApi api, String source, String page, Instant live) {
    long posted = 0;
    for (int minute = 40; minute >= 1; minute--) {
      int count = 100 + (minute * 7) % 21 - 10;
      Instant at = live.minus(minute, ChronoUnit.MINUTES).plusSeconds(1);
      await().until(() -> Instant.now().isAfter(at));
      postAt(api, source, page, count, at);
      posted += count;
    }
    return posted;
  }

  /** A batch of page views of {@code page}, happening at {@code at} (now when null). */
  private static void postAt(PulseApi api, String source, String page, int count, Instant at) {
    ObjectNode batch = JSON.createObjectNode();
    ArrayNode events = batch.putArray("events");
    for (int i = 0; i < count; i++) {
      ObjectNode event = PulseApi.pageView(source, page);
      if (at != null) {
        event.put("client_timestamp", at.toEpochMilli());
      }
      events.add(event);
    }
    if (at != null) {
      batch.put("sent_at", Instant.now().toEpochMilli());
    }
    try {
      HttpResponse<String> answer =
          api.send("POST", "/v1/events", batch.toString(), "application/json", api.producerKey(source));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double totalOf(PulseApi api, String metric, String source) {
    try {
      return api.total(metric, "source:" + source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
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

  /** A PagerDuty trigger as the receiver got it. */
  private record JsonPage(String summary, String severity, String link) {}

  private static JsonPage awaitPage(String alertname) {
    return awaitPageSaying(ruleNameOf(alertname));
  }

  private static JsonPage awaitPageSaying(String summary) {
    List<WebhookReceiver.Received> pages = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> receiver.acceptedFor(ROUTING_KEY).stream()
            .filter(page -> "trigger".equals(page.body().path("event_action").asText()))
            .filter(page -> page.body().path("payload").path("summary").asText().contains(summary))
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
