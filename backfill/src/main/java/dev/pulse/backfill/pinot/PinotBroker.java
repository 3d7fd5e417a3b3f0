package dev.pulse.backfill.pinot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** SQL against the Pinot broker, which applies segment lineage: it reads what a reader is served. */
public final class PinotBroker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final URI broker;
  private final Duration timeout;

  public PinotBroker(URI broker, Duration timeout) {
    this.broker = broker;
    this.timeout = timeout;
  }

  public List<JsonNode> query(String sql) throws IOException {
    String body = JSON.createObjectNode().put("sql", sql).toString();
    String answer;
    try {
      var response = http.send(HttpRequest.newBuilder(broker.resolve("/query/sql")).timeout(timeout)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("Pinot broker: HTTP " + response.statusCode() + " " + response.body());
      }
      answer = response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode tree = JSON.readTree(answer);
    JsonNode exceptions = tree.path("exceptions");
    if (exceptions.isArray() && !exceptions.isEmpty()) {
      throw new IOException("Pinot failed the query: " + exceptions.get(0).path("message").asText() + " (" + sql + ")");
    }
    List<JsonNode> rows = new ArrayList<>();
    tree.path("resultTable").path("rows").forEach(rows::add);
    return rows;
  }

  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
