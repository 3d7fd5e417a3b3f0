package dev.pulse.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.ops.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert latency: from the POST of a breaching event to the PagerDuty webhook's receipt of the
 * trigger, over many breaches, while a background load of other events flows through the same API,
 * Kafka topic and jobs. One rule pages per tenant (group_by tenant, more than 2 purchases in 30 s);
 * each breach is three purchases of a tenant not seen before, so each one is a new alert. Breaches
 * are paced, one at a time, so each is measured on its own. Run through {@code ops/bench alerts}.
 */
public final class AlertBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROUTING_KEY = "BENCHROUTINGKEY";

  private AlertBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args,
        "AlertBenchmark --api URL --admin-key FILE --receiver-port P [--breaches 100] [--background-rate 2000]");
    URI api = URI.create(opts.get("api"));
    String adminKey = Files.readString(Path.of(opts.get("admin-key"))).trim();
    int breaches = Integer.parseInt(opts.getOrDefault("breaches", "100"));
    int backgroundRate = Integer.parseInt(opts.getOrDefault("background-rate", "2000"));
    Path out = Path.of(opts.getOrDefault("out", "bench-results/alerts.md"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String producerKey = producerKey(http, api, adminKey);
    createRule(http, api, adminKey);
    Thread.sleep(3000); // the rule reaches the job through alerts.rules

    try (WebhookReceiver receiver = new WebhookReceiver(Integer.parseInt(opts.get("receiver-port")))) {
      AtomicBoolean loading = new AtomicBoolean(true);
      AtomicLong background = new AtomicLong();
      Thread load = new Thread(() -> backgroundLoad(http, api, producerKey, backgroundRate, loading, background));
      load.start();
      Thread.sleep(10_000); // the load settles
      Latencies latencies = new Latencies(breaches);
      long run = System.currentTimeMillis();
      for (int i = 0; i < breaches; i++) {
        String tenant = "bench-" + run + "-" + i;
        long postedAt = System.nanoTime();
        long postedWall = System.currentTimeMillis();
        post(http, api, producerKey, purchases(tenant, 3));
        long deadline = postedWall + 30_000;
        List<WebhookReceiver.Received> got;
        while ((got = triggersFor(receiver, tenant)).isEmpty() && System.currentTimeMillis() < deadline) {
          Thread.sleep(5);
        }
        if (got.isEmpty()) {
          latencies.record(504, 30_000_000_000L);
        } else {
          long receivedNanos = postedAt + (got.get(0).receivedAtMillis() - postedWall) * 1_000_000L;
          latencies.record(200, receivedNanos - postedAt);
        }
        Thread.sleep(200);
      }
      loading.set(false);
      load.join();
      String report = report(breaches, backgroundRate, background.get(), latencies);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report);
      System.out.println(report);
    }
  }

  private static List<WebhookReceiver.Received> triggersFor(WebhookReceiver receiver, String tenant) {
    return receiver.acceptedFor(ROUTING_KEY).stream()
        .filter(r -> r.body().path("payload").path("group").asText().equals("tenant=" + tenant))
        .toList();
  }

  private static String report(int breaches, int backgroundRate, long backgroundEvents, Latencies latencies) {
    return String.format("""
        # Alert latency, %s

        Machine: %s. The whole stack (PostgreSQL, Kafka, registry, Pinot, both Flink jobs, metrics-api,
        alert-scheduler) runs on the same cores as this benchmark.

        From the POST of a breaching event to the PagerDuty receiver's receipt of the trigger, %d breaches
        (each a new alert), one at a time, under a background load of %d events/s of other events
        (%d posted during the run).

        | breaches paged | p50 | p99 | max |
        |---|---|---|---|
        | %d of %d | %.0f ms | %.0f ms | %.0f ms |

        Statuses (200 paged, 504 not paged within 30 s): %s
        """,
        Instant.now(), Latencies.machine(), breaches, backgroundRate, backgroundEvents,
        latencies.ok(), breaches, latencies.millis(0.50), latencies.millis(0.99), latencies.millis(1.0),
        latencies.statuses());
  }

  /** Page views at a fixed rate, batches of 100, none of which match the rule. */
  private static void backgroundLoad(HttpClient http, URI api, String key, int rate, AtomicBoolean loading, AtomicLong sent) {
    int batch = 100;
    long intervalNanos = 1_000_000_000L * batch / Math.max(1, rate);
    long next = System.nanoTime();
    while (loading.get()) {
      ArrayNode events = JSON.createArrayNode();
      for (int i = 0; i < batch; i++) {
        ObjectNode event = events.addObject().put("event_type", "page_view").put("source", "bench").put("tenant", "bench-background");
        event.putObject("properties").put("page", "/p/" + (i % 20));
      }
      try {
        post(http, api, key, events);
        sent.addAndGet(batch);
      } catch (Exception e) {
        System.err.println("background batch failed: " + e.getMessage());
      }
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
    }
  }

  private static ArrayNode purchases(String tenant, int count) {
    ArrayNode events = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      ObjectNode event = events.addObject().put("event_type", "purchase").put("source", "bench").put("tenant", tenant);
      event.putObject("properties").put("amount", 10).put("currency", "EUR");
    }
    return events;
  }

  private static void post(HttpClient http, URI api, String key, ArrayNode events) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/v1/events"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().set("events", events).toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("POST /v1/events answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static void createRule(HttpClient http, URI api, String adminKey) throws Exception {
    ObjectNode rule = JSON.createObjectNode().put("name", "bench: purchases per tenant").put("metric", "event_count")
        .put("condition", "GREATER_THAN").put("threshold", 2).put("window_seconds", 30).put("severity", "CRITICAL");
    rule.putObject("dimensions").put("event_type", "purchase");
    rule.putArray("group_by").add("tenant");
    rule.putArray("channels").add("pagerduty://" + ROUTING_KEY);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/v1/alert-rules"))
        .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(rule.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("creating the rule answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static String producerKey(HttpClient http, URI api, String adminKey) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/v1/keys"))
        .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"producer\",\"source\":\"bench\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).get("key").asText();
  }
}
