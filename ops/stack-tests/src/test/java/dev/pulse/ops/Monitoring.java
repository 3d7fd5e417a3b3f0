package dev.pulse.ops;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the stack's Prometheus and Alertmanager say, through their HTTP APIs. */
final class Monitoring {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI prometheus;
  private final URI alertmanager;

  Monitoring(LocalStack stack) {
    this.prometheus = stack.prometheusUrl();
    this.alertmanager = stack.alertmanagerUrl();
  }

  /** One alert as Alertmanager holds it. */
  record Active(Map<String, String> labels, Map<String, String> annotations, Instant startsAt) {}

  /** The alerts of this name that Alertmanager holds as active (not resolved, not silenced). */
  List<Active> activeAlerts(String alertname) throws IOException, InterruptedException {
    String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
    JsonNode alerts = get(alertmanager.resolve("/api/v2/alerts?active=true&silenced=false&inhibited=false&filter=" + filter));
    List<Active> active = new ArrayList<>();
    for (JsonNode alert : alerts) {
      if ("active".equals(alert.path("status").path("state").asText())) {
        active.add(new Active(JSON.convertValue(alert.path("labels"), Map.class),
            JSON.convertValue(alert.path("annotations"), Map.class), Instant.parse(alert.path("startsAt").asText())));
      }
    }
    return active;
  }

  /** The alerts of this name that Prometheus evaluates as pending or firing right now. */
  List<String> prometheusAlertStates(String alertname) throws IOException, InterruptedException {
    List<String> states = new ArrayList<>();
    for (JsonNode alert : get(prometheus.resolve("/api/v1/alerts")).path("data").path("alerts")) {
      if (alertname.equals(alert.path("labels").path("alertname").asText())) {
        states.add(alert.path("state").asText());
      }
    }
    return states;
  }

  /** An instant query's samples: each sample's labels and value. */
  List<JsonNode> query(String promql) throws IOException, InterruptedException {
    JsonNode answer = get(prometheus.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    if (!"success".equals(answer.path("status").asText())) {
      throw new IllegalStateException("Prometheus refused " + promql + ": " + answer);
    }
    List<JsonNode> samples = new ArrayList<>();
    answer.path("data").path("result").forEach(samples::add);
    return samples;
  }

  /** The value of a query that must answer exactly one sample. */
  double value(String promql) throws IOException, InterruptedException {
    List<JsonNode> samples = query(promql);
    if (samples.size() != 1) {
      throw new AssertionError(promql + " answered " + samples.size() + " samples, not one: " + samples);
    }
    return samples.get(0).path("value").path(1).asDouble();
  }

  /** Every scrape target's job and health. */
  Map<String, String> targetHealth() throws IOException, InterruptedException {
    Map<String, String> health = new java.util.TreeMap<>();
    for (JsonNode target : get(prometheus.resolve("/api/v1/targets")).path("data").path("activeTargets")) {
      health.put(target.path("labels").path("job").asText(), target.path("health").asText());
    }
    return health;
  }

  private JsonNode get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
