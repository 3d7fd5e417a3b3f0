package dev.pulse.pinot.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the product's Pinot schemas and tables through a controller's REST API. Safe to
 * run any number of times: a schema is posted with override, a table that exists is updated in place.
 */
public final class PinotTableApplier {
  private static final Logger LOG = LoggerFactory.getLogger(PinotTableApplier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every row's dimension (the contract's {@code Tenants.DIMENSION}; this module carries no contract). */
  private static final String TENANT = "tenant";

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
   * @param replicas how many servers hold each segment: 1 on one server, 2 or more to keep serving
   *     when a server is lost
   */
  public PinotTableApplier(URI controller, String kafkaBootstrapServers, int replicas) {
    this.controller = controller;
    this.placeholders =
        Map.of("${KAFKA_BOOTSTRAP_SERVERS}", kafkaBootstrapServers, "${REPLICAS}", String.valueOf(replicas));
  }

  /**
   * @param dimensions the catalog's dimensions; each gets a column ({@link DimensionColumns}), as
   *     do the tenant and every dimension an earlier catalog gave one
   */
  public void applyAll(Collection<String> dimensions) {
    PinotTable.ALL.forEach(table -> apply(table, dimensions));
  }

  /**
   * Columns a table gains are filled in the segments it has by a reload, and in new rows once the
   * consuming segments are committed and their successors start with the new transforms. Rows read
   * in between hold {@link DimensionColumns#NOT_MATERIALIZED}. Tables that share a schema resource
   * each get their own copy of it, named after the table.
   */
  public void apply(PinotTable table, Collection<String> catalogDimensions) {
    JsonNode current = currentSchema(table.name());
    Set<String> dimensions = new LinkedHashSet<>();
    dimensions.add(TENANT);
    if (current != null) {
      dimensions.addAll(DimensionColumns.dimensionsIn(current));
    }
    dimensions.addAll(catalogDimensions);
    ObjectNode schema = namedSchema(resource(table.schemaResource()), table.name());
    DimensionColumns.addToSchema(schema, dimensions);
    boolean columnsAdded = current != null && !columnsOf(current).containsAll(columnsOf(schema));
    if (current == null) {
      send("POST", "/schemas", schema.toString());
    } else {
      send("PUT", "/schemas/" + table.name(), schema.toString());
    }
    for (String configResource : table.tableConfigResources()) {
      ObjectNode config = json(resource(configResource));
      DimensionColumns.addToTableConfig(config, dimensions);
      String nameWithType = config.get("tableName").asText() + "_" + config.get("tableType").asText();
      if (exists("/tables/" + nameWithType)) {
        boolean streamChanged = changed(streamConfigsOf(nameWithType), config.path("tableIndexConfig").path("streamConfigs"));
        send("PUT", "/tables/" + nameWithType, config.toString());
        LOG.info("Updated Pinot table {}", nameWithType);
        if (streamChanged && "REALTIME".equals(config.get("tableType").asText())) {
          // A consuming segment keeps the stream settings it started with; its successors take the new ones.
          send("POST", "/tables/" + config.get("tableName").asText() + "/forceCommit", null);
          LOG.info("Pinot table {} has new stream settings: its consuming segments are committed", nameWithType);
        }
      } else {
        send("POST", "/tables", config.toString());
        LOG.info("Created Pinot table {}", nameWithType);
      }
      if (columnsAdded) {
        fillNewColumns(config);
      }
    }
  }

  private void fillNewColumns(ObjectNode config) {
    String name = config.get("tableName").asText();
    String type = config.get("tableType").asText();
    send("POST", "/segments/" + name + "/reload?type=" + type, null);
    if ("REALTIME".equals(type)) {
      send("POST", "/tables/" + name + "/forceCommit", null);
    }
    LOG.info("Pinot table {}_{} gained columns: its segments reload them", name, type);
  }

  /** Whether any setting of {@code wanted} differs in {@code current} (which Pinot may have added to). */
  private static boolean changed(JsonNode current, JsonNode wanted) {
    for (Map.Entry<String, JsonNode> setting : (Iterable<Map.Entry<String, JsonNode>>) wanted::fields) {
      if (!setting.getValue().equals(current.get(setting.getKey()))) {
        return true;
      }
    }
    return false;
  }

  private JsonNode streamConfigsOf(String nameWithType) {
    JsonNode table = json(call("GET", "/tables/" + nameWithType.replaceAll("_(REALTIME|OFFLINE)$", "") + "?type="
        + (nameWithType.endsWith("_REALTIME") ? "realtime" : "offline"), null).body());
    return table.path(nameWithType.endsWith("_REALTIME") ? "REALTIME" : "OFFLINE").path("tableIndexConfig")
        .path("streamConfigs");
  }

  private JsonNode currentSchema(String name) {
    HttpResponse<String> response = call("GET", "/schemas/" + name, null);
    return response.statusCode() == 200 ? json(response.body()) : null;
  }

  private static Set<String> columnsOf(JsonNode schema) {
    Set<String> columns = new HashSet<>();
    for (String specs : List.of("dimensionFieldSpecs", "metricFieldSpecs", "dateTimeFieldSpecs")) {
      schema.path(specs).forEach(f -> columns.add(f.path("name").asText()));
    }
    return columns;
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

  private static ObjectNode namedSchema(String schema, String name) {
    return json(schema).put("schemaName", name);
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON object: " + text, e);
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
