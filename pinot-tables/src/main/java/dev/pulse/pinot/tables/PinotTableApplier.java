package dev.pulse.pinot.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the product's Pinot schemas and tables through a controller's REST API. Safe to
 * run any number of times: a schema is posted with override, a table that exists is updated in place.
 */
public final class PinotTableApplier {
  private static final Logger LOG = LoggerFactory.getLogger(PinotTableApplier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI controller;
  private final Map<String, String> placeholders;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // Pinot's Grizzly server stalls on the h2c upgrade
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * @param controller the controller's base URL
   * @param kafkaBootstrapServers where Pinot's consumers read metrics.agg; Pinot may see Kafka at
   *     another address than the product does
   */
  public PinotTableApplier(URI controller, String kafkaBootstrapServers) {
    this.controller = controller;
    this.placeholders = Map.of("${KAFKA_BOOTSTRAP_SERVERS}", kafkaBootstrapServers);
  }

  public void applyAll() {
    PinotTable.ALL.forEach(this::apply);
  }

  public void apply(PinotTable table) {
    applySchema(table);
    for (String configResource : table.tableConfigResources()) {
      String config = resource(configResource);
      String nameWithType = tableNameWithType(config);
      if (exists("/tables/" + nameWithType)) {
        send("PUT", "/tables/" + nameWithType, config);
        LOG.info("Updated Pinot table {}", nameWithType);
      } else {
        send("POST", "/tables", config);
        LOG.info("Created Pinot table {}", nameWithType);
      }
    }
  }

  /**
   * A changed schema (a column added) is reloaded into the table's segments right away. Tables that
   * share a schema resource each get their own copy, named after the table.
   */
  private void applySchema(PinotTable table) {
    String schema = namedSchema(resource(table.schemaResource()), table.name());
    if (call("GET", "/schemas/" + table.name(), null).statusCode() == 200) {
      send("PUT", "/schemas/" + table.name() + "?reload=true", schema);
    } else {
      send("POST", "/schemas", schema);
    }
  }

  /** The table config as it will be applied, placeholders filled in. */
  String resource(String name) {
    try (InputStream in = PinotTableApplier.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
        text = text.replace(placeholder.getKey(), placeholder.getValue());
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String namedSchema(String schema, String name) {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(schema);
      return node.put("schemaName", name).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("schema is not JSON", e);
    }
  }

  private static String tableNameWithType(String config) {
    try {
      JsonNode node = JSON.readTree(config);
      return node.get("tableName").asText() + "_" + node.get("tableType").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("table config is not JSON", e);
    }
  }

  private boolean exists(String path) {
    // Pinot answers GET /tables/{name} for a missing table with 200 and "{}", so check the body.
    HttpResponse<String> response = call("GET", path, null);
    return response.statusCode() == 200 && !response.body().isBlank() && !"{}".equals(response.body().trim());
  }

  private void send(String method, String path, String body) {
    HttpResponse<String> response = call(method, path, body);
    if (response.statusCode() / 100 != 2) {
      throw new PinotApplyException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private HttpResponse<String> call(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(controller.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PinotApplyException("Pinot controller " + controller + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PinotApplyException("interrupted", e);
    }
  }

  /** The controller refused a schema or table, or could not be reached. */
  public static class PinotApplyException extends RuntimeException {
    PinotApplyException(String message) {
      super(message);
    }

    PinotApplyException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
