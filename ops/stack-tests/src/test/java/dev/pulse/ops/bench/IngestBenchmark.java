package dev.pulse.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Load for POST /v1/events from its own process: {@code concurrency} clients each send batches of
 * {@code batch} page views back to back for {@code seconds} (after a warm-up), and the figures
 * (events/s, p50/p99 latency of a batch, status counts) go to a file. Every event is validated,
 * written as Avro and acknowledged by Kafka with acks=all before its 200.
 *
 * <p>Run through {@code ops/bench ingest}.
 */
public final class IngestBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args,
        "IngestBenchmark --api URL --admin-key FILE --kafka HOST:PORT [--batch 500] [--concurrency 8]");
    URI api = URI.create(opts.get("api"));
    String adminKey = Files.readString(Path.of(opts.get("admin-key"))).trim();
    int batch = Integer.parseInt(opts.getOrDefault("batch", "500"));
    int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "15")));
    Duration measure = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "45")));
    Path out = Path.of(opts.getOrDefault("out", "bench-results/ingest.md"));

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String key = mintKey(http, api, adminKey);
    String body = body(batch);
    System.out.printf("warming up %d s, then measuring %d s: %d clients, batches of %d%n",
        warmup.toSeconds(), measure.toSeconds(), concurrency, batch);
    run(http, api, key, body, concurrency, warmup, null);
    Latencies stats = new Latencies(10_000_000);
    PartitionSpread spread = PartitionSpread.of(opts.get("kafka"), Topics.EVENTS_RAW.name());
    run(http, api, key, body, concurrency, measure, stats);

    String report = report(stats, batch, concurrency, measure) + spread.since();
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  private static void run(
      HttpClient http, URI api, String key, String body, int concurrency, Duration length, Latencies stats)
      throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      Thread client = new Thread(() -> {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/v1/events"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          int status;
          try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          } catch (Exception e) {
            status = -1;
          }
          if (stats != null) {
            stats.record(status, System.nanoTime() - start);
          }
        }
      });
      client.start();
      clients.add(client);
    }
    for (Thread client : clients) {
      client.join();
    }
  }

  /** A batch of page views without event ids, as most producers send them: the API assigns them. */
  private static String body(int batch) {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < batch; i++) {
      events.append(i == 0 ? "" : ",")
          .append("{\"event_type\":\"page_view\",\"user_id\":\"user-").append(i % 997)
          .append("\",\"properties\":{\"page\":\"/bench/").append(i % 50).append("\",\"referrer\":\"https://example.org\"}}");
    }
    return "{\"events\":[" + events + "]}";
  }

  private static String mintKey(HttpClient http, URI api, String adminKey) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(api.resolve("/v1/keys"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + adminKey)
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"role\":\"producer\",\"source\":\"bench\",\"rate_limit_per_second\":100000000,\"description\":\"ingest benchmark\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("could not mint a benchmark key: " + response.body());
    }
    return JSON.readTree(response.body()).get("key").asText();
  }

  private static String report(Latencies stats, int batch, int concurrency, Duration measured) {
    long ok = stats.ok();
    return String.format(
        """
        # metrics-api ingest benchmark

        - When: %s
        - Machine: %s (the load process, the API, Kafka, the registry and PostgreSQL share them)
        - Load: %d clients back to back, batches of %d page views (one event type), %d s measured after a warm-up
        - Each event validated against the registry's schema, written as Avro, acknowledged by Kafka with acks=all

        | figure | value |
        |---|---|
        | throughput | **%,.0f events/s** (%,.0f batches/s) |
        | batch latency p50 | %.1f ms |
        | batch latency p99 | %.1f ms |
        | batch latency max | %.1f ms |
        | responses | %s |
        """,
        Instant.now(), Latencies.machine(), concurrency, batch, measured.toSeconds(),
        ok * (double) batch / measured.toSeconds(), ok / (double) measured.toSeconds(),
        stats.millis(0.50), stats.millis(0.99), stats.millis(1.0), stats.statuses());
  }
}
