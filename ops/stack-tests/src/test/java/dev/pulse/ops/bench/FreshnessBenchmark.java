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
 */
public final class FreshnessBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);

  private FreshnessBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = BenchArgs.parse(args, "FreshnessBenchmark --api URL --admin-key FILE [--probes N] [--label L] --out FILE");
    URI api = URI.create(opts.get("api"));
    String adminKey = Files.readString(Path.of(opts.get("admin-key"))).trim();
    int probes = Integer.parseInt(opts.getOrDefault("probes", "20"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String producerKey = mintKey(http, api, adminKey);
    String run = UUID.randomUUID().toString().substring(0, 8);

    Latencies visible = new Latencies(probes);
    int lost = 0;
    for (int i = 0; i < probes; i++) {
      long millis = probe(http, api, producerKey, adminKey, "fresh-" + run + "-" + i);
      if (millis < 0) {
        lost++;
      } else {
        visible.record(200, millis * 1_000_000);
      }
      System.out.printf("probe %d: %s%n", i, millis < 0 ? "not visible within " + GIVE_UP_AFTER : millis + " ms");
    }
    String report = String.format(
        """

        ## %s

        - When: %s; machine: %s
        - %d probes, one after another: POST one event for a new tenant, then GET its series every 50 ms

        | ingest to visible | p50 | p99 | max | not visible within %d s |
        |---|---|---|---|---|
        | %d probes | %,.0f ms | %,.0f ms | %,.0f ms | %d |
        """,
        opts.getOrDefault("label", "freshness"), Instant.now(), Latencies.machine(), probes, GIVE_UP_AFTER.toSeconds(),
        probes, visible.millis(0.5), visible.millis(0.99), visible.millis(1.0), lost);
    Path out = Path.of(opts.get("out"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.println(report);
  }

  /** @return milliseconds from sending the POST to the first read that counts the event; -1 if never */
  private static long probe(HttpClient http, URI api, String producerKey, String adminKey, String tenant) throws Exception {
    String event = "{\"events\":[{\"event_type\":\"page_view\",\"tenant\":\"" + tenant + "\",\"properties\":{\"page\":\"/fresh\"}}]}";
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
    while (System.nanoTime() - sent < GIVE_UP_AFTER.toNanos()) {
      HttpResponse<String> answer = http.send(
          HttpRequest.newBuilder(read).header("Authorization", "Bearer " + adminKey).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200 && JSON.readTree(answer.body()).path("total").asDouble() >= 1) {
        return (System.nanoTime() - sent) / 1_000_000;
      }
      Thread.sleep(50);
    }
    return -1;
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
