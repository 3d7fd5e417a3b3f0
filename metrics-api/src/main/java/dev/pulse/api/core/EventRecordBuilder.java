package dev.pulse.api.core;

import static dev.pulse.contract.events.EventFields.CLIENT_TIMESTAMP;
import static dev.pulse.contract.events.EventFields.EVENT_ID;
import static dev.pulse.contract.events.EventFields.EVENT_TYPE;
import static dev.pulse.contract.events.EventFields.PROPERTIES;
import static dev.pulse.contract.events.EventFields.SERVER_TIMESTAMP;
import static dev.pulse.contract.events.EventFields.SOURCE;
import static dev.pulse.contract.events.EventFields.USER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

/**
 * Builds the Avro record of one incoming JSON event against the latest registered schema of its
 * event_type. The server sets {@code server_timestamp}, and {@code event_id} when the producer sent
 * none.
 */
public class EventRecordBuilder {
  /** The envelope fields a producer may send; everything else in the envelope is the server's. */
  static final List<String> CLIENT_FIELDS =
      List.of(EVENT_ID, EVENT_TYPE, SOURCE, USER_ID, CLIENT_TIMESTAMP, PROPERTIES);

  private static final Pattern EVENT_TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final int MAX_ID_LENGTH = 128;

  private final LatestEventSchemas schemas;

  public EventRecordBuilder(LatestEventSchemas schemas) {
    this.schemas = schemas;
  }

  public GenericRecord build(JsonNode event, Instant receivedAt) throws InvalidEventException {
    if (event == null || !event.isObject()) {
      throw new InvalidEventException("an event must be a JSON object");
    }
    rejectUnknownFields(event);
    String eventType = requiredText(event, EVENT_TYPE);
    Schema schema = schemaOf(eventType);
    try {
      return new GenericRecordBuilder(schema)
          .set(EVENT_ID, eventId(event))
          .set(EVENT_TYPE, eventType)
          .set(SOURCE, requiredText(event, SOURCE))
          .set(USER_ID, optionalText(event, USER_ID))
          .set(SERVER_TIMESTAMP, receivedAt.toEpochMilli())
          .set(CLIENT_TIMESTAMP, clientTimestamp(event.get(CLIENT_TIMESTAMP)))
          .set(PROPERTIES, properties(event, schema))
          .build();
    } catch (AvroRuntimeException e) {
      // A newer schema version requires an envelope field this API does not know how to fill.
      throw new InvalidEventException("event does not fit schema " + schema.getFullName() + ": " + e.getMessage());
    }
  }

  private Schema schemaOf(String eventType) throws InvalidEventException {
    if (!EVENT_TYPE_NAME.matcher(eventType).matches()) {
      throw new InvalidEventException(
          "event_type '" + eventType + "' is not a valid name (" + EVENT_TYPE_NAME.pattern() + ")");
    }
    return schemas
        .latest(eventType)
        .orElseThrow(
            () -> new InvalidEventException("unknown event_type '" + eventType + "': no schema is registered for it"));
  }

  private static GenericRecord properties(JsonNode event, Schema schema) throws InvalidEventException {
    JsonNode properties = event.get(PROPERTIES);
    Schema propertiesSchema = schema.getField(PROPERTIES).schema();
    if (properties == null || properties.isNull()) {
      properties = JsonNodeFactory.instance.objectNode(); // a type whose properties are all optional
    }
    return JsonToAvro.record(properties, propertiesSchema, PROPERTIES);
  }

  private static void rejectUnknownFields(JsonNode event) throws InvalidEventException {
    for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!CLIENT_FIELDS.contains(name)) {
        throw new InvalidEventException(
            "'" + name + "' is not an event field"
                + (name.equals(SERVER_TIMESTAMP) ? " a producer may set (the server sets it at ingest)" : "")
                + "; allowed: " + CLIENT_FIELDS);
      }
    }
  }

  private static String eventId(JsonNode event) throws InvalidEventException {
    String id = optionalText(event, EVENT_ID);
    if (id == null) {
      return UUID.randomUUID().toString();
    }
    if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw new InvalidEventException("event_id must be 1 to " + MAX_ID_LENGTH + " characters");
    }
    return id;
  }

  private static String requiredText(JsonNode event, String field) throws InvalidEventException {
    String value = optionalText(event, field);
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(field + " is required");
    }
    return value;
  }

  private static String optionalText(JsonNode event, String field) throws InvalidEventException {
    JsonNode value = event.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidEventException(field + " must be a string, got " + value.getNodeType().name().toLowerCase());
    }
    return value.asText();
  }

  /** Epoch milliseconds, or an ISO-8601 instant such as 2026-11-24T10:00:00Z. */
  private static Long clientTimestamp(JsonNode value) throws InvalidEventException {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return Instant.parse(value.asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw new InvalidEventException(
        "client_timestamp must be epoch milliseconds or an ISO-8601 instant like 2026-11-24T10:00:00Z");
  }

}
