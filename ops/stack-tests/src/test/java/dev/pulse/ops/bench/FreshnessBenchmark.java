package dev.pulse.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Ingest-to-visible time, as a user sees it: POST one event for a tenant that has never been seen,
 * then read that tenant's own series through {@code GET /v1/metrics} every 50 ms until the event is
 * counted. Probes run one after another while the rest of the stack runs (the demo load, when
 * {@code ops/bench freshness} starts it). Appends p50, p99 and max to the report, under a label.
 *
 * <p>With {@code --broker}, each probe also asks Pinot's broker directly in the same loop, and the
 * report splits the time: until the job emitted the window (the row's own {@code emitted_at}),
 * until Pinot answered with it (the sink's commit and Pinot's consumption), and until the API did.
 */
public final class FreshnessBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);
  private static final long POLL_MILLIS = 50;

  private FreshnessBenchmark() {}

  /** Milliseconds from the POST to each stage; -1 where the stage was not reached or not measured. */
  private record Probe(long emitted, long inPinot, long inApi) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args,
        "FreshnessBenchmark --api URL --admin-key FILE [--broker URL] [--probes N] [--label L] --out FILE");
    URI api = URI.create(opts.get("api"));
    URI broker = opts.containsKey("broker") ? URI.create(opts.get("broker")) : null;
    String adminKey = Files.readString(Path.of(opts.get("admin-key"))).trim();
    int probes = Integer.parseInt(opts.getOrDefault("probes", "20"));
    // HTTP/1.1: Pinot's broker (Grizzly) stalls on HTTP/2's upgrade request.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    String producerKey = mintKey(http, api, adminKey);
    String run = UUID.randomUUID().toString().substring(0, 8);

    Latencies visible = new Latencies(probes);
    Latencies emitted = new Latencies(probes);
    Latencies inPinot = new Latencies(probes);
    int lost = 0;
    for (int i = 0; i < probes; i++) {
      Probe probe = probe(http, api, broker, producerKey, adminKey, "fresh-" + run + "-" + i);
      if (probe.inApi() < 0) {
        lost++;
      } else {
        visible.record(200, probe.inApi() * 1_000_000);
      }
      if (probe.emitted() >= 0) {
        emitted.record(200, probe.emitted() * 1_000_000);
      }
      if (probe.inPinot() >= 0) {
        inPinot.record(200, probe.inPinot() * 1_000_000);
      }
      System.out.printf("probe %d: %s%n", i, probe);
    }
    String report = String.format(
        """

        ## %s

        - When: %s; machine: %s
        - %d probes, one after another: POST one event for a new tenant, then GET its series every %d ms

        | ingest to visible | p50 | p99 | max | not visible within %d s |
        |---|---|---|---|---|
        | %d probes | %,.0f ms | %,.0f ms | %,.0f ms | %d |
        """,
        opts.getOrDefault("label", "freshness"), Instant.now(), Latencies.machine(), probes, POLL_MILLIS,
        GIVE_UP_AFTER.toSeconds(), probes, visible.millis(0.5), visible.millis(0.99), visible.millis(1.0), lost);
    if (broker != null) {
      report += String.format(
          """

          Where the time goes, from the POST (the broker polled beside the API, every %d ms):

          | stage reached | p50 | p99 | max |
          |---|---|---|---|
          | the job emitted the event's window (the row's `emitted_at`) | %,.0f ms | %,.0f ms | %,.0f ms |
          | Pinot's broker answers with it (sink committed, Pinot consumed) | %,.0f ms | %,.0f ms | %,.0f ms |
          | the API answers with it | %,.0f ms | %,.0f ms | %,.0f ms |
          """,
          POLL_MILLIS, emitted.millis(0.5), emitted.millis(0.99), emitted.millis(1.0), inPinot.millis(0.5),
          inPinot.millis(0.99), inPinot.millis(1.0), visible.millis(0.5), visible.millis(0.99), visible.millis(1.0));
    }
    Path out = Path.of(opts.get("out"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.println(report);
  }

  private static Probe probe(HttpClient http, URI api, URI broker, String producerKey, String adminKey, String tenant)
      throws Exception {
    String event = "{\"events\":[{\"event_type\":\"page_view\",\"tenant\":\"" + tenant + "\",\"properties\":{\"page\":\"/fresh\"}}]}";
    long sentWallMillis = System.currentTimeMillis();
    long sent = System.nanoTime();
    HttpResponse<String> posted = http.send(
        HttpRequest.newBuilder(api.resolve("/v1/events")).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + producerKey).POST(HttpRequest.BodyPublishers.ofString(event)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (posted.statusCode() != 200) {
      throw new IllegalStateException("POST /v1/events answered " + posted.statusCode() + ": " + posted.body());
    }
    Instant now = Instant.now();
    URI read = api.resolve("/v1/metrics/event_count?dimensions=" + URLEncoder.encode("tenant:" + tenant, StandardCharsets.UTF_8)
        + "&window_start=" + now.minus(Duration.ofMinutes(10)) + "&window_end=" + now.plus(Duration.ofMinutes(10)));
    long emitted = -1;
    long inPinot = -1;
    while (System.nanoTime() - sent < GIVE_UP_AFTER.toNanos()) {
      if (broker != null && inPinot < 0) {
        long emittedAt = emittedAtInPinot(http, broker, tenant);
        if (emittedAt > 0) {
          inPinot = (System.nanoTime() - sent) / 1_000_000;
          emitted = emittedAt - sentWallMillis;
        }
      }
      HttpResponse<String> answer = http.send(
          HttpRequest.newBuilder(read).header("Authorization", "Bearer " + adminKey).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200 && JSON.readTree(answer.body()).path("total").asDouble() >= 1) {
        return new Probe(emitted, inPinot, (System.nanoTime() - sent) / 1_000_000);
      }
      Thread.sleep(POLL_MILLIS);
    }
    return new Probe(emitted, inPinot, -1);
  }

  /** The newest {@code emitted_at} of the tenant's event_count rows in Pinot, or 0 while there are none. */
  private static long emittedAtInPinot(HttpClient http, URI broker, String tenant) throws Exception {
    String sql = "SELECT MAX(emitted_at), COUNT(*) FROM metrics_agg WHERE metric = 'event_count' AND window_spec = '1m'"
        + " AND JSON_MATCH(dims, '\"$.tenant\"=''" + tenant + "''')";
    String body = JSON.createObjectNode().put("sql", sql).toString();
    HttpResponse<String> answer = http.send(
        HttpRequest.newBuilder(broker.resolve("/query/sql")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode row = JSON.readTree(answer.body()).path("resultTable").path("rows").path(0);
    return row.path(1).asLong() > 0 ? (long) row.path(0).asDouble() : 0;
  }

  private static String mintKey(HttpClient http, URI api, String adminKey) throws Exception {
    String body = "{\"role\":\"producer\",\"source\":\"freshness\",\"rate_limit_per_second\":1000,\"description\":\"freshness benchmark\"}";
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(api.resolve("/v1/keys")).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + adminKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("minting a key answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode created = JSON.readTree(response.body());
    return created.get("key").asText();
  }
}
