package dev.pulse.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fault to page, for every fault the monitoring is there to catch: the seconds from the fault to
 * its alert being active in Alertmanager, and to the page at the local PagerDuty receiver through
 * alert-scheduler. It injects the faults of issue 15's acceptance one after another into a running
 * stack under the demo load, with the stack's production settings but its 5 s intervals. Run by
 * {@code ops/bench monitoring}, which starts the stack with its pages pointed at the receiver.
 */
public final class MonitoringBenchmark {
  private static final Duration LIMIT = Duration.ofMinutes(5);

  /** An alert to wait for: its name, a label it must carry, and what its page's summary says. */
  private record Expected(String alertname, String label, String value, String pageSays) {}

  private final LocalStack stack;
  private final Monitoring monitoring;
  private final OnCallPages pages;
  private final List<String> rows = new ArrayList<>();

  private MonitoringBenchmark(LocalStack stack, OnCallPages pages) {
    this.stack = stack;
    this.monitoring = new Monitoring(stack);
    this.pages = pages;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    LocalStack stack = new LocalStack(Path.of(opts.get("repo")), Path.of(opts.get("stack-dir")),
        Integer.parseInt(opts.get("port-offset")));
    try (OnCallPages pages = new OnCallPages(stack)) {
      MonitoringBenchmark bench = new MonitoringBenchmark(stack, pages);
      bench.run();
      String table = bench.report();
      Files.writeString(Path.of(opts.get("out")), table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.out.println(table);
    }
    System.exit(0); // the scenario's and the loads' pools are done; do not wait for their threads
  }

  private void run() throws Exception {
    deadLetterShare();
    stoppedPreAggregation();
    stoppedPinotServer();
    eventsDroppedBeforeAggregation();
    tenfoldMinute();
  }

  private void deadLetterShare() throws Exception {
    awaitQuiet("DeadLetterShareHigh");
    PulseApi api = new PulseApi(stack);
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    Instant start = Instant.now();
    load.scheduleAtFixedRate(() -> postWithMalformed(api, 200, 2), 0, 500, TimeUnit.MILLISECONDS);
    try {
      measure("1% of a batch stream malformed", start,
          new Expected("DeadLetterShareHigh", null, null, "More than 0.5% of incoming events go to the DLQ"));
    } finally {
      load.shutdownNow();
    }
  }

  private void stoppedPreAggregation() throws Exception {
    awaitQuiet("FreshnessSloBreached", "ConsumerLagHigh", "ExporterDown");
    Instant start = Instant.now();
    stack.signal("preagg-flink", "STOP");
    try {
      measure("SIGSTOP of preagg-flink", start,
          new Expected("ExporterDown", "job", "preagg-flink", "Prometheus cannot scrape preagg-flink"),
          new Expected("ConsumerLagHigh", "consumergroup", "pulse-preagg", "Consumer group pulse-preagg is behind"),
          new Expected("FreshnessSloBreached", null, null, "Served metrics are older than the 60 s freshness SLO"));
    } finally {
      stack.signal("preagg-flink", "CONT");
    }
  }

  private void stoppedPinotServer() throws Exception {
    awaitQuiet("FreshnessSloBreached", "ExporterDown");
    Instant start = Instant.now();
    stack.signal("pinot-server", "STOP");
    try {
      measure("SIGSTOP of pinot-server", start,
          new Expected("ExporterDown", "job", "pinot-server", "Prometheus cannot scrape pinot-server"),
          new Expected("FreshnessSloBreached", null, null, "Served metrics are older than the 60 s freshness SLO"));
    } finally {
      stack.signal("pinot-server", "CONT");
    }
  }

  /** The test-only fault: the pre-aggregation loses 1% of the events it decoded (by event id). */
  private void eventsDroppedBeforeAggregation() throws Exception {
    // A stopped job leaves a deficit in the minutes it missed: wait until it is judged whole again.
    awaitQuiet("FreshnessSloBreached", "ReconciliationDeficit");
    stack.kill9("preagg-flink");
    stack.run(Map.of("PULSE_PREAGG_FAULT_DROP_SHARE", "0.01"), "up");
    Instant start = Instant.now();
    try {
      measure("1% of events dropped before aggregation (from the faulty job's start)", start,
          new Expected("ReconciliationDeficit", "stage", "aggregation", "Events went missing in the aggregation stage"));
    } finally {
      stack.kill9("preagg-flink");
      stack.run(Map.of(), "up");
    }
  }

  private void tenfoldMinute() throws Exception {
    try (MetricSpikeScenario scenario = new MetricSpikeScenario(stack, new PulseApi(stack))) {
      scenario.begin();
      Instant spikeEnds = scenario.spike().plus(1, ChronoUnit.MINUTES);
      while (Instant.now().isBefore(spikeEnds)) {
        Thread.sleep(500);
      }
      measure("a tenfold minute of one metric (from the minute's end)", spikeEnds,
          new Expected("MetricAnomalySpike", "metric", scenario.metric(), "Metric " + scenario.metric() + " spiked"));
    }
  }

  /** Waits for each expected alert and page, and records when each came, counted from {@code start}. */
  private void measure(String fault, Instant start, Expected... expected) throws Exception {
    Map<Expected, Instant> active = new LinkedHashMap<>();
    Map<Expected, Instant> paged = new LinkedHashMap<>();
    Instant deadline = start.plus(LIMIT);
    while ((active.size() < expected.length || paged.size() < expected.length) && Instant.now().isBefore(deadline)) {
      for (Expected alert : expected) {
        if (!active.containsKey(alert) && isActive(alert)) {
          active.put(alert, Instant.now());
        }
        Optional<OnCallPages.Page> page = paged.containsKey(alert)
            ? Optional.empty() : pages.firstTrigger(alert.pageSays(), start.toEpochMilli());
        page.ifPresent(p -> paged.put(alert, Instant.ofEpochMilli(p.receivedAtMillis())));
      }
      Thread.sleep(1_000);
    }
    for (Expected alert : expected) {
      rows.add("| " + fault + " | " + alert.alertname() + (alert.label() == null ? "" : " (" + alert.value() + ")")
          + " | " + seconds(start, active.get(alert)) + " | " + seconds(start, paged.get(alert)) + " |");
    }
  }

  private boolean isActive(Expected alert) throws Exception {
    return monitoring.activeAlerts(alert.alertname()).stream()
        .anyMatch(a -> alert.label() == null || alert.value().equals(a.labels().get(alert.label())));
  }

  /** Waits until none of these alerts is active, so that a fault's alerts are its own. */
  private void awaitQuiet(String... alertnames) throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    for (String alertname : alertnames) {
      while (!monitoring.activeAlerts(alertname).isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(2_000);
      }
    }
  }

  private static String seconds(Instant start, Instant at) {
    return at == null ? "not within " + LIMIT.toSeconds() + " s" : String.valueOf(Duration.between(start, at).toSeconds());
  }

  private static void postWithMalformed(PulseApi api, int size, int malformed) {
    ArrayNode events = PulseApi.batch(size, "bench-dlq");
    for (int i = 0; i < malformed; i++) {
      ((ObjectNode) events.get(i * (size / malformed)).get("properties")).put("page", 12);
    }
    try {
      api.postEvents(events);
    } catch (Exception e) {
      // a refused batch shows in the alert's figures, not here
    }
  }

  private String report() {
    return "\n| fault | alert | seconds to active in Alertmanager | seconds to the page at the receiver |\n"
        + "|---|---|---|---|\n" + String.join("\n", rows) + "\n\n"
        + "Each fault is counted from its start (the drop from the faulty job's start, the spike from the end of"
        + " its minute, when it can first be judged); the alerts of one fault are awaited together.\n";
  }
}
