package dev.pulse.monitor.pinot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The two Pinot calls the monitor makes: a broker query and a controller GET, both with a timeout. */
public class PinotClient {
  private final HttpClient http;
  private final ObjectMapper json;
  private final URI broker;
  private final URI controller;
  private final Duration timeout;

  public PinotClient(ObjectMapper json, URI broker, URI controller, Duration timeout) {
    // HTTP/1.1: the client's default h2c upgrade of a POST makes Pinot 0.11's broker never answer.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    this.json = json;
    this.broker = broker;
    this.controller = controller;
    this.timeout = timeout;
  }

  /** The broker's answer to one SQL query; a query that the broker reports as failed throws. */
  public JsonNode query(String sql) throws IOException, InterruptedException {
    byte[] body = json.writeValueAsBytes(json.createObjectNode().put("sql", sql));
    JsonNode answer = send(HttpRequest.newBuilder(broker.resolve("/query/sql"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    JsonNode exceptions = answer.path("exceptions");
    if (exceptions.isArray() && !exceptions.isEmpty()) {
      throw new IOException("Pinot answered with exceptions: " + exceptions);
    }
    return answer;
  }

  /** A controller resource, e.g. {@code tables/<table>/consumingSegmentsInfo}. */
  public JsonNode controller(String... pathSegments) throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder();
    for (String segment : pathSegments) {
      path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8));
    }
    return send(HttpRequest.newBuilder(controller.resolve(path.toString())).GET());
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(response.uri() + " answered " + response.statusCode());
    }
    return json.readTree(response.body());
  }
}
