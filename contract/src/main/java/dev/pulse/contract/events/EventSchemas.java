package dev.pulse.contract.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * The Avro schema of every event type the product ships.
 *
 * <p>Each schema is the shared envelope ({@code envelope.avsc}) plus the type's own {@code properties}
 * record ({@code <event_type>.avsc}). Composing them here keeps the envelope in one place: a field added
 * to it reaches every event type at once, and the registry checks each for compatibility.
 *
 * <p>The record's full name is {@code pulse.events.<event_type>}, which is also its registry subject
 * (Confluent's RecordNameStrategy, Apicurio's QualifiedRecordIdStrategy). Many event types share the
 * topic {@code events.raw}, so the subject cannot be derived from the topic.
 */
public final class EventSchemas {
  public static final String NAMESPACE = "pulse.events";
  public static final String PROPERTIES_FIELD = "properties";

  /** The event types of the contract. Adding one is a reviewed change: add its .avsc beside these. */
  public static final List<String> EVENT_TYPES = List.of("page_view", "purchase", "error");

  private static final String RESOURCE_DIR = "/pulse/events/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Schema> byEventType;

  private EventSchemas(Map<String, Schema> byEventType) {
    this.byEventType = byEventType;
  }

  /** Loads and composes the schemas shipped in this jar. */
  public static EventSchemas load() {
    JsonNode envelope = readResource("envelope.avsc");
    return new EventSchemas(
        EVENT_TYPES.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(),
                    type -> compose(type, envelope, readResource(type + ".avsc")))));
  }

  public Schema schemaFor(String eventType) {
    Schema schema = byEventType.get(eventType);
    if (schema == null) {
      throw new IllegalArgumentException("unknown event_type '" + eventType + "'");
    }
    return schema;
  }

  public Map<String, Schema> all() {
    return byEventType;
  }

  /** The registry subject (and Avro full name) of an event type. */
  public static String subjectFor(String eventType) {
    return NAMESPACE + "." + eventType;
  }

  /**
   * An event type's full schema from a new version of its properties record, with the contract's
   * envelope: what a producer team registers when it evolves its event.
   *
   * @throws IllegalArgumentException if the text is not an Avro record schema
   */
  public static Schema withEnvelope(String eventType, String propertiesSchemaJson) {
    JsonNode properties;
    try {
      properties = JSON.readTree(propertiesSchemaJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (properties == null || !properties.isObject() || !"record".equals(properties.path("type").asText())) {
      throw new IllegalArgumentException("the properties schema must be an Avro record, {\"type\": \"record\", ...}");
    }
    try {
      return compose(eventType, readResource("envelope.avsc"), properties);
    } catch (org.apache.avro.SchemaParseException e) {
      throw new IllegalArgumentException("not a valid Avro schema: " + e.getMessage());
    }
  }

  private static Schema compose(String eventType, JsonNode envelope, JsonNode properties) {
    ObjectNode record = JSON.createObjectNode();
    record.put("type", "record");
    record.put("name", eventType);
    record.put("namespace", NAMESPACE);
    record.set("doc", properties.get("doc"));
    ArrayNode fields = record.putArray("fields");
    fields.addAll((ArrayNode) envelope.get("fields"));
    fields.addObject().put("name", PROPERTIES_FIELD).set("type", properties);
    return new Schema.Parser().parse(record.toString());
  }

  private static JsonNode readResource(String name) {
    try (InputStream in = EventSchemas.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + RESOURCE_DIR + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + name, e);
    }
  }
}
