package dev.pulse.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Read latency of GET /v1/metrics/{metric} at a fixed request rate, from its own process, as a
 * customer UI reads it: with a tenant's read token, over the last hour at 1-minute granularity.
 * First it seeds an hour of page views for one tenant through POST /v1/events (event times spread
 * with client_timestamp and sent_at) and waits until every one is served.
 *
 * <p>The load is open-loop: request i is due at start + i / rate whether or not earlier ones have
 * answered, and its latency counts from when it was due, so a slow server cannot hide its queue
 * (no coordinated omission). Identical reads share the API's one-second answer cache, as many
 * viewers of one embed do; a last run makes every request distinct (an extra filter value that
 * matches nothing), so each one is a Pinot query, at a rate this machine can serve. Run through
 * {@code ops/bench query}.
 */
public final class QueryBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "bench";
  private static final List<String> SOURCES = List.of("web", "ios", "android");
  private static final int PAGES = 40;

  private QueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args, "QueryBenchmark --api URL --admin-key FILE [--rate 200] [--seconds 60]");
    URI api = URI.create(opts.get("api"));
    String adminKey = Files.readString(Path.of(opts.get("admin-key"))).trim();
    int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
    int uncachedRate = Integer.parseInt(opts.getOrDefault("uncached-rate", "20"));
    int perMinute = Integer.parseInt(opts.getOrDefault("events-per-minute", "400"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "15")));
    Duration measure = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "60")));
    Path out = Path.of(opts.getOrDefault("out", "bench-results/query.md"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(Duration.ofHours(1));
    long seeded = seed(http, api, adminKey, TENANT, start, perMinute);
    String token = token(http, api, adminKey, TENANT, "page_views");
    String range = "window_start=" + start + "&window_end=" + end + "&granularity=1m";
    String filtered = "/v1/metrics/page_views?" + range + "&dimensions=" + encode("source:web");
    String grouped = filtered + "&group_by=" + encode("properties.page");
    awaitServed(http, api, token, "/v1/metrics/page_views?" + range, seeded);

    System.out.printf("%d req/s: warming up %d s, then measuring %d s per query%n", rate, warmup.toSeconds(), measure.toSeconds());
    List<Latencies> results = new ArrayList<>();
    for (String query : List.of(filtered, grouped)) {
      results.add(measure(http, i -> api.resolve(query), token, rate, warmup, measure));
    }
    String distinct = "/v1/metrics/page_views?" + range + "&dimensions=";
    results.add(measure(http, i -> api.resolve(distinct + encode("source:web|miss-" + i)), token, uncachedRate, warmup, measure));

    String report = report(results, rate, uncachedRate, measure, seeded, perMinute);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /** An hour of page views of a tenant, one batch per source and minute, back-dated with client timestamps. */
  static long seed(HttpClient http, URI api, String adminKey, String tenant, Instant start, int perMinute) throws Exception {
    long sent = 0;
    for (String source : SOURCES) {
      String key = mintKey(http, api, adminKey, source, tenant);
      for (int minute = 0; minute < 60; minute++) {
        long now = System.currentTimeMillis();
        long at = start.plus(Duration.ofMinutes(minute)).toEpochMilli();
        ObjectNode body = JSON.createObjectNode().put("sent_at", now);
        ArrayNode events = body.putArray("events");
        for (int i = 0; i < perMinute; i++) {
          ObjectNode event = events.addObject().put("event_type", "page_view").put("tenant", tenant)
              .put("user_id", "user-" + i % 500).put("client_timestamp", at + (i * 59_000L / perMinute));
          event.putObject("properties").put("page", "/page/" + i % PAGES);
        }
        HttpResponse<String> response = http.send(post(api, "/v1/events", body.toString(), key), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || JSON.readTree(response.body()).get("accepted").asInt() != perMinute) {
          throw new IllegalStateException("seeding failed: " + response.statusCode() + " " + response.body());
        }
        sent += perMinute;
      }
    }
    System.out.printf("seeded %,d page views for tenant %s%n", sent, tenant);
    return sent;
  }

  static void awaitServed(HttpClient http, URI api, String token, String query, long expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    double total = -1;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(get(api.resolve(query), token), HttpResponse.BodyHandlers.ofString());
      total = response.statusCode() == 200 ? JSON.readTree(response.body()).path("total").asDouble() : -1;
      if (total == expected) {
        return;
      }
      Thread.sleep(2_000);
    }
    throw new IllegalStateException("only " + total + " of " + expected + " seeded events are served after 5 minutes");
  }

  static Latencies measure(
      HttpClient http, java.util.function.LongFunction<URI> uris, String token, int rate, Duration warmup, Duration length) {
    return measureRequests(http, i -> get(uris.apply(i), token), rate, warmup, length);
  }

  /** A warm-up at the rate, then the measured run; request i is made by {@code requests}. */
  static Latencies measureRequests(
      HttpClient http, java.util.function.LongFunction<HttpRequest> requests, int rate, Duration warmup, Duration length) {
    drive(http, requests, rate, warmup, null);
    Latencies latencies = new Latencies((int) (rate * length.toSeconds()) + 1);
    drive(http, requests, rate, length, latencies);
    return latencies;
  }

  /** Sends requests at a fixed rate for a while; records each latency from when it was due. */
  private static void drive(
      HttpClient http, java.util.function.LongFunction<HttpRequest> requests, int rate, Duration length, Latencies latencies) {
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long begin = System.nanoTime();
    long count = length.toSeconds() * rate;
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      long due = begin + i * intervalNanos;
      LockSupport.parkNanos(due - System.nanoTime());
      inFlight.add(http.sendAsync(requests.apply(System.nanoTime()), HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
        if (latencies != null) {
          latencies.record(failure == null ? response.statusCode() : -1, System.nanoTime() - due);
        }
        return null;
      }));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
  }

  private static String report(
      List<Latencies> results, int rate, int uncachedRate, Duration measured, long seeded, int perMinute) {
    StringBuilder rows = new StringBuilder();
    String[] names = {
        "1 h at 1m, filter source:web, " + rate + " req/s",
        "the same, group_by properties.page (" + PAGES + " groups), " + rate + " req/s",
        "1 h at 1m, a distinct filter each request (every one a Pinot query), " + uncachedRate + " req/s"};
    int i = 0;
    for (Latencies latencies : results) {
      rows.append(String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %,.0f req/s | %s |%n",
          names[i++], latencies.millis(0.50), latencies.millis(0.99), latencies.millis(1.0),
          latencies.ok() / (double) measured.toSeconds(), latencies.statuses()));
    }
    return String.format(
        """
        # metrics-api query benchmark

        - When: %s
        - Machine: %s (the load process, the API, Pinot, Kafka, Flink and PostgreSQL share them)
        - Data: %,d page views for one tenant over the hour read (%d a minute from each of %d sources, %d pages),
          served from the Pinot realtime upsert table
        - Load: open loop for %d s per query after a warm-up, each request with the tenant's read token;
          latency counts from when a request was due. Identical reads share the API's 1 s answer cache
          (`query.cacheOpenFor`); the last row bypasses it.
        - Target: p99 at most 50 ms

        | query | p50 | p99 | max | answered 200 | responses |
        |---|---|---|---|---|---|
        %s
        """,
        Instant.now(), Latencies.machine(), seeded, perMinute, SOURCES.size(), PAGES, measured.toSeconds(), rows);
  }

  private static String mintKey(HttpClient http, URI api, String adminKey, String source, String tenant) throws Exception {
    String body = "{\"role\":\"producer\",\"source\":\"" + source + "\",\"tenant\":\"" + tenant
        + "\",\"rate_limit_per_second\":100000000,\"description\":\"query benchmark\"}";
    return created(http.send(post(api, "/v1/keys", body, adminKey), HttpResponse.BodyHandlers.ofString())).get("key").asText();
  }

  static String token(HttpClient http, URI api, String adminKey, String tenant, String... metrics) throws Exception {
    String body = "{\"tenant\":\"" + tenant + "\",\"metrics\":" + JSON.writeValueAsString(metrics) + ",\"ttl_seconds\":3600}";
    return created(http.send(post(api, "/v1/tokens", body, adminKey), HttpResponse.BodyHandlers.ofString())).get("token").asText();
  }

  private static JsonNode created(HttpResponse<String> response) throws Exception {
    if (response.statusCode() != 201) {
      throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static HttpRequest post(URI api, String path, String body, String credential) {
    return HttpRequest.newBuilder(api.resolve(path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + credential)
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static HttpRequest get(URI uri, String credential) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + credential).timeout(Duration.ofSeconds(10)).GET().build();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
