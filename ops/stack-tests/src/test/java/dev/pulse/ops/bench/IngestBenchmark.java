package dev.pulse.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
    Map<String, String> opts = options(args);
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
    Stats stats = new Stats();
    run(http, api, key, body, concurrency, measure, stats);

    String report = stats.report(batch, concurrency, measure);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  private static void run(
      HttpClient http, URI api, String key, String body, int concurrency, Duration length, Stats stats)
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

  /** Latencies and status counts of the measured requests. */
  private static final class Stats {
    private final List<long[]> chunks = new ArrayList<>();
    private final ThreadLocal<long[]> current = new ThreadLocal<>();
    private final ThreadLocal<int[]> used = ThreadLocal.withInitial(() -> new int[1]);
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    void record(int status, long nanos) {
      statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
      long[] chunk = current.get();
      int[] n = used.get();
      if (chunk == null || n[0] == chunk.length) {
        chunk = new long[1 << 16];
        n[0] = 0;
        current.set(chunk);
        synchronized (chunks) {
          chunks.add(chunk);
        }
      }
      chunk[n[0]++] = nanos;
    }

    String report(int batch, int concurrency, Duration measured) {
      long[] all = chunks.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
      long ok = statuses.getOrDefault(200, new AtomicLong()).get();
      double eventsPerSecond = ok * (double) batch / measured.toSeconds();
      return String.format(
          """
          # metrics-api ingest benchmark

          - When: %s
          - Machine: %s, %d cores (the load process, the API, Kafka, the registry and PostgreSQL share them); JDK %s
          - Load: %d clients back to back, batches of %d page views, %d s measured after a warm-up
          - Each event validated against the registry's schema, written as Avro, acknowledged by Kafka with acks=all

          | figure | value |
          |---|---|
          | throughput | **%,.0f events/s** (%,.0f batches/s) |
          | batch latency p50 | %.1f ms |
          | batch latency p99 | %.1f ms |
          | batch latency max | %.1f ms |
          | responses | %s |
          """,
          Instant.now(), cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
          concurrency, batch, measured.toSeconds(),
          eventsPerSecond, ok / (double) measured.toSeconds(),
          percentile(all, 0.50), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
          new TreeMap<>(statuses));
    }

    private static double percentile(long[] sorted, double p) {
      return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String cpuModel() {
      try {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
      } catch (Exception e) {
        return "unknown CPU";
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (!opts.containsKey("api") || !opts.containsKey("admin-key")) {
      throw new IllegalArgumentException("usage: IngestBenchmark --api URL --admin-key FILE [--batch 500] [--concurrency 8]");
    }
    return opts;
  }
}
