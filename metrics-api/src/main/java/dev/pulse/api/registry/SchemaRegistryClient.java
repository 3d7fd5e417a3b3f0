package dev.pulse.api.registry;

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
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The registry's Confluent-compatible API: the dialect every schema registry speaks, so the product
 * can point at Apicurio or any Confluent-compatible registry.
 */
public class SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SchemaRegistryClient(URI base) {
    this.base = base;
  }

  /** The newest version registered under a subject, if any. */
  public Optional<RegisteredSchema> latest(String subject) {
    HttpResponse<String> response = call("GET", "subjects/" + encode(subject) + "/versions/latest", null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode body = expectOk(response, "read subject " + subject);
    return Optional.of(
        new RegisteredSchema(
            subject,
            body.get("id").asInt(),
            body.get("version").asInt(),
            new Schema.Parser().parse(body.get("schema").asText())));
  }

  /**
   * Registers a schema under a subject, or finds it if it is already there. The registry checks it
   * against the subject's compatibility level first.
   *
   * @return the schema's id
   * @throws SchemaRejectedException with the registry's reason if it is incompatible or invalid
   */
  public int register(String subject, Schema schema) {
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    HttpResponse<String> response = call("POST", "subjects/" + encode(subject) + "/versions", body);
    if (response.statusCode() == 409 || response.statusCode() == 422) {
      throw new SchemaRejectedException(subject, response.statusCode(), messageOf(response.body()));
    }
    return expectOk(response, "register " + subject).get("id").asInt();
  }

  /** Sets a subject's compatibility level unless it already has one of its own. */
  public void setCompatibilityIfUnset(String subject, String level) {
    HttpResponse<String> current = call("GET", "config/" + encode(subject), null);
    if (current.statusCode() == 200) {
      return;
    }
    String body = JSON.createObjectNode().put("compatibility", level).toString();
    expectOk(call("PUT", "config/" + encode(subject), body), "set compatibility of " + subject);
  }

  /** Sets a subject's compatibility level (FULL or BACKWARD). */
  public void setCompatibility(String subject, String level) {
    String body = JSON.createObjectNode().put("compatibility", level).toString();
    expectOk(call("PUT", "config/" + encode(subject), body), "set compatibility of " + subject);
  }

  /** Answers whether the registry is reachable and serving. */
  public void ping() {
    expectOk(call("GET", "subjects", null), "list subjects");
  }

  private HttpResponse<String> call(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", CONTENT_TYPE + ", application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryUnavailableException("schema registry at " + base + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted", e);
    }
  }

  private static JsonNode expectOk(HttpResponse<String> response, String what) {
    if (response.statusCode() / 100 != 2) {
      throw new RegistryUnavailableException(
          "registry refused to " + what + ": " + response.statusCode() + " " + messageOf(response.body()), null);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new RegistryUnavailableException("registry answered non-JSON to " + what, e);
    }
  }

  private static String messageOf(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node.has("message") ? node.get("message").asText() : body;
    } catch (IOException e) {
      return body;
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  /** A schema version as the registry knows it. */
  public record RegisteredSchema(String subject, int id, int version, Schema schema) {}

  /** The registry refused a schema: incompatible with its subject, or not valid Avro. */
  public static class SchemaRejectedException extends RuntimeException {
    private final int status;

    SchemaRejectedException(String subject, int status, String reason) {
      super("registry rejected the schema for " + subject + ": " + reason);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** The registry could not be reached or failed. */
  public static class RegistryUnavailableException extends RuntimeException {
    RegistryUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

}
