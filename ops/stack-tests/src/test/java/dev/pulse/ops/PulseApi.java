package dev.pulse.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A producer and a dashboard as the tests see the product: plain HTTP against metrics-api. */
final class PulseApi {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String adminKey;
  private final Map<String, String> producerKeys = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  PulseApi(LocalStack stack) {
    this.base = stack.apiUrl();
    this.adminKey = stack.adminKey();
  }

  String adminKey() {
    return adminKey;
  }

  /** A producer key for a source, minted through the admin API the first time it is needed. */
  String producerKey(String source) {
    return producerKeys.computeIfAbsent(source, s -> mintKey(s, null));
  }

  String mintKey(String source, Integer rateLimitPerSecond) {
    return mintKey(source, rateLimitPerSecond, null);
  }

  /** A producer key whose events without a tenant of their own count for {@code tenant}. */
  String mintKey(String source, Integer rateLimitPerSecond, String tenant) {
    try {
      var request = JSON.createObjectNode().put("role", "producer").put("source", source);
      if (tenant != null) {
        request.put("tenant", tenant);
      }
      if (rateLimitPerSecond != null) {
        request.put("rate_limit_per_second", rateLimitPerSecond);
      }
      HttpResponse<String> response = send("POST", "/v1/keys", request.toString(), "application/json", adminKey);
      if (response.statusCode() != 201) {
        throw new IllegalStateException("minting a key answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body()).get("key").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Any request, as the given key (or none). */
  HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType, String key)
      throws IOException, InterruptedException {
    return send(method, pathAndQuery, body, contentType, key, Duration.ofSeconds(30));
  }

  /** Any request, waiting up to {@code timeout} for the answer: for work the server does before answering. */
  HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType, String key,
      Duration timeout) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(timeout)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static ObjectNode pageView(String source, String page) {
    ObjectNode event = JSON.createObjectNode().put("event_type", "page_view").put("source", source);
    event.putObject("properties").put("page", page);
    return event;
  }

  static ArrayNode batch(int count, String source) {
    ArrayNode events = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      events.add(pageView(source, "/page/" + (i % 7)));
    }
    return events;
  }

  /** Posts a batch as the producer of its first event's source. */
  HttpResponse<String> postEvents(ArrayNode events) throws IOException, InterruptedException {
    String body = JSON.createObjectNode().set("events", events).toString();
    return send("POST", "/v1/events", body, "application/json", producerKey(events.get(0).get("source").asText()));
  }

  /** The metric's total over the last hours, filtered by {@code key:value,...}. */
  double total(String metric, String dimensions) throws IOException, InterruptedException {
    Instant now = Instant.now();
    String query =
        "window_start=" + now.minus(Duration.ofHours(3))
            + "&window_end=" + now.plus(Duration.ofMinutes(5))
            + "&dimensions=" + URLEncoder.encode(dimensions, StandardCharsets.UTF_8);
    HttpResponse<String> response = get("/v1/metrics/" + metric + "?" + query);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + metric + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("total").asDouble();
  }

  /** A read as the admin, who sees every tenant. */
  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return get(pathAndQuery, adminKey);
  }

  /** A read with the given API key or read token (or none). */
  HttpResponse<String> get(String pathAndQuery, String credential) throws IOException, InterruptedException {
    return send("GET", pathAndQuery, null, null, credential);
  }

  /** A read token for a tenant, minted through the admin API; {@code metrics} may be empty for all. */
  String mintToken(String tenant, List<String> metrics, long ttlSeconds) throws IOException, InterruptedException {
    ObjectNode request = JSON.createObjectNode().put("tenant", tenant).put("ttl_seconds", ttlSeconds);
    metrics.forEach(request.putArray("metrics")::add);
    HttpResponse<String> response = send("POST", "/v1/tokens", request.toString(), "application/json", adminKey);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("minting a token answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).get("token").asText();
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
