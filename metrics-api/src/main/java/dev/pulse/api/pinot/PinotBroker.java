package dev.pulse.api.pinot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.api.admission.Admission;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs SQL on a Pinot broker over its REST API. */
public class PinotBroker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI broker;
  private final Duration timeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // Pinot's Grizzly server stalls on the h2c upgrade
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  private final Admission admission;

  PinotBroker(URI broker, Duration timeout, Admission admission) {
    this.broker = broker;
    this.timeout = timeout;
    this.admission = admission;
  }

  /** The result's rows, each a JSON array in the order of the SELECT list. */
  public List<JsonNode> query(String sql) {
    List<JsonNode> rows = new ArrayList<>();
    run(sql).path("resultTable").path("rows").forEach(rows::add);
    return rows;
  }

  /**
   * The result's rows, and how far the realtime table's consumption had reached when the servers
   * ran the query.
   */
  public Rows queryRows(String sql) {
    JsonNode body = run(sql);
    List<JsonNode> rows = new ArrayList<>();
    body.path("resultTable").path("rows").forEach(rows::add);
    boolean consuming = body.path("numConsumingSegmentsQueried").asLong(0) > 0;
    long consumedUntil = consuming ? body.path("minConsumingFreshnessTimeMs").asLong(Long.MIN_VALUE) : Long.MIN_VALUE;
    return new Rows(rows, consumedUntil);
  }

  /**
   * @param consumedUntil the oldest among the queried consuming segments of the newest Kafka record
   *     timestamp each had indexed; {@code Long.MIN_VALUE} when the query reached none. Consumers
   *     read committed records in offset order, so each segment had indexed every record of its
   *     partition stamped much earlier than this.
   */
  public record Rows(List<JsonNode> rows, long consumedUntil) {}

  /** A table's columns as its segments have them; none while it has no segment. */
  public List<String> columns(String table) {
    List<String> columns = new ArrayList<>();
    run("SELECT * FROM " + table + " LIMIT 0").path("resultTable").path("dataSchema").path("columnNames")
        .forEach(c -> columns.add(c.asText()));
    return columns;
  }

  private JsonNode run(String sql) {
    JsonNode body;
    try (Admission.Place place = admission.enter()) {
      body = post(JSON.createObjectNode().put("sql", sql).toString());
    } catch (Admission.AtCapacityException e) {
      throw new PinotUnavailableException(e.getMessage());
    }
    JsonNode exceptions = body.path("exceptions");
    if (exceptions.isArray() && !exceptions.isEmpty()) {
      throw new PinotUnavailableException("Pinot failed the query: " + exceptions.get(0).path("message").asText());
    }
    return body;
  }

  /** Throws unless the broker answers its health check. */
  public void ping() {
    HttpResponse<String> response = send(HttpRequest.newBuilder(broker.resolve("/health")).GET());
    if (response.statusCode() != 200) {
      throw new PinotUnavailableException("Pinot broker health: " + response.statusCode() + " " + response.body());
    }
  }

  private JsonNode post(String body) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(broker.resolve("/query/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() != 200) {
      throw new PinotUnavailableException("Pinot broker answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new PinotUnavailableException("Pinot broker answered non-JSON", e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PinotUnavailableException("Pinot broker at " + broker + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PinotUnavailableException("interrupted", e);
    }
  }

  /** Pinot could not answer; the caller should try again later. */
  public static class PinotUnavailableException extends RuntimeException {
    PinotUnavailableException(String message) {
      super(message);
    }

    PinotUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
