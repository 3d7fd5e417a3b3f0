package dev.pulse.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** A producer and a dashboard as the tests see the product: plain HTTP against metrics-api. */
final class PulseApi {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  PulseApi(URI base) {
    this.base = base;
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

  HttpResponse<String> postEvents(ArrayNode events) throws IOException, InterruptedException {
    String body = JSON.createObjectNode().set("events", events).toString();
    return http.send(
        HttpRequest.newBuilder(base.resolve("/v1/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
    return JSON.readTree(response.body()).get("total").asDouble();
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
