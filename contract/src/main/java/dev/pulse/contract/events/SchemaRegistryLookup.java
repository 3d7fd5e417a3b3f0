package dev.pulse.contract.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Writer schemas by id, from the registry's Confluent-compatible API. A schema id never changes its
 * schema, so each is fetched once per JVM.
 */
class SchemaRegistryLookup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<Integer, Optional<Integer>> versions = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SchemaRegistryLookup(String registryUrl) {
    String url = registryUrl.endsWith("/") ? registryUrl : registryUrl + "/";
    this.base = URI.create(url + "apis/ccompat/v7/");
  }

  /**
   * @return the schema, or empty if the registry has no schema with this id
   * @throws UncheckedIOException if the registry cannot be asked; the caller must not treat the
   *     record as bad then
   */
  Optional<Schema> byId(int id) {
    Schema cached = byId.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Schema> fetched = fetch(id);
    fetched.ifPresent(schema -> byId.put(id, schema));
    return fetched;
  }

  /**
   * The subject version a schema id was registered as; an id registered under several subjects
   * (never the case for events, whose subject is their record name) answers the first.
   */
  Optional<Integer> versionOf(int id) {
    Optional<Integer> cached = versions.get(id);
    if (cached != null) {
      return cached;
    }
    Optional<Integer> fetched =
        get("schemas/ids/" + id + "/versions", id)
            .map(body -> body.path(0).path("version"))
            .filter(JsonNode::isInt)
            .map(JsonNode::asInt);
    versions.put(id, fetched);
    return fetched;
  }

  private Optional<Schema> fetch(int id) {
    return get("schemas/ids/" + id, id).map(body -> new Schema.Parser().parse(body.get("schema").asText()));
  }

  /** The registry's JSON answer, or empty on a 404. */
  private Optional<JsonNode> get(String path, int id) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IOException("registry answered " + response.statusCode() + " for schema id " + id);
      }
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch schema id " + id + " from " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}
