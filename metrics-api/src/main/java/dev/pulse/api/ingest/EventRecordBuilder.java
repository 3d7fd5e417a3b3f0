package dev.pulse.api.ingest;

import static dev.pulse.contract.events.EventFields.CLIENT_TIMESTAMP;
import static dev.pulse.contract.events.EventFields.EVENT_ID;
import static dev.pulse.contract.events.EventFields.EVENT_TIME;
import static dev.pulse.contract.events.EventFields.EVENT_TIME_CLAMPED;
import static dev.pulse.contract.events.EventFields.EVENT_TYPE;
import static dev.pulse.contract.events.EventFields.PROPERTIES;
import static dev.pulse.contract.events.EventFields.SENT_AT;
import static dev.pulse.contract.events.EventFields.SERVER_TIMESTAMP;
import static dev.pulse.contract.events.EventFields.SOURCE;
import static dev.pulse.contract.events.EventFields.TENANT;
import static dev.pulse.contract.events.EventFields.USER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.contract.catalog.Tenants;
import dev.pulse.contract.dlq.ErrorType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

/**
 * Builds the Avro record of one incoming JSON event against the latest registered schema of its
 * event_type. The server sets {@code server_timestamp}, the skew-corrected {@code event_time}, and
 * {@code event_id} when the producer sent none (the caller passes it in, so a rejected event's
 * dead letter carries the same id).
 */
public class EventRecordBuilder {
  /** The envelope fields a producer may send; everything else in the envelope is the server's. */
  static final List<String> CLIENT_FIELDS =
      List.of(EVENT_ID, EVENT_TYPE, SOURCE, USER_ID, TENANT, CLIENT_TIMESTAMP, PROPERTIES);

  private static final Pattern EVENT_TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final int MAX_ID_LENGTH = 128;

  private final LatestEventSchemas schemas;
  private final IngestLimits limits;

  public EventRecordBuilder(LatestEventSchemas schemas, IngestLimits limits) {
    this.schemas = schemas;
    this.limits = limits;
  }

  public ValidEvent build(JsonNode event, String eventId, IngestContext context) throws InvalidEventException {
    if (event == null || !event.isObject()) {
      throw new InvalidEventException(ErrorType.WRONG_TYPE, "an event must be a JSON object");
    }
    rejectUnknownFields(event);
    String eventType = requiredText(event, EVENT_TYPE);
    LatestEventSchemas.EventSchema registered = schemaOf(eventType);
    Schema schema = registered.schema();
    long received = context.receivedAt().toEpochMilli();
    Long clientTimestamp = timestamp(event.get(CLIENT_TIMESTAMP), CLIENT_TIMESTAMP);
    EventTime.Result time = EventTime.of(received, context.sentAt(), clientTimestamp, limits);
    try {
      GenericRecord record = new GenericRecordBuilder(schema)
          .set(EVENT_ID, eventId)
          .set(EVENT_TYPE, eventType)
          .set(SOURCE, source(event, context.key()))
          .set(USER_ID, optionalText(event, USER_ID))
          .set(TENANT, tenant(event, context.key()))
          .set(SERVER_TIMESTAMP, received)
          .set(CLIENT_TIMESTAMP, clientTimestamp)
          .set(EVENT_TIME, time.eventTime())
          .set(SENT_AT, context.sentAt())
          .set(EVENT_TIME_CLAMPED, time.clamped())
          .set(PROPERTIES, properties(event, schema))
          .build();
      return new ValidEvent(record, registered.id());
    } catch (AvroRuntimeException e) {
      // A newer schema version requires an envelope field this API does not know how to fill.
      throw new InvalidEventException(
          ErrorType.MISSING_FIELD, "event does not fit schema " + schema.getFullName() + ": " + e.getMessage());
    }
  }

  /** The producer's event_id, or a new one. */
  public static String eventIdOf(JsonNode event) {
    JsonNode id = event == null ? null : event.get(EVENT_ID);
    return id != null && id.isTextual() && !id.asText().isBlank() && id.asText().length() <= MAX_ID_LENGTH
        ? id.asText()
        : java.util.UUID.randomUUID().toString();
  }

  /** A producer key writes as its own source: an event may omit it, but not claim another. */
  private static String source(JsonNode event, ApiKey key) throws InvalidEventException {
    String claimed = optionalText(event, SOURCE);
    if (key == null || key.isAdmin()) {
      if (claimed == null || claimed.isBlank()) {
        throw new InvalidEventException(ErrorType.MISSING_FIELD, "source is required");
      }
      return claimed;
    }
    if (claimed == null) {
      return key.source();
    }
    if (!claimed.equals(key.source())) {
      throw new InvalidEventException(
          ErrorType.SOURCE_NOT_ALLOWED,
          "this API key writes events of source '" + key.source() + "', not '" + claimed + "'");
    }
    return claimed;
  }

  /** The event's own tenant, else its producer key's, else the default one. */
  private static String tenant(JsonNode event, ApiKey key) throws InvalidEventException {
    String named = optionalText(event, TENANT);
    if (named != null) {
      if (!Tenants.isValid(named)) {
        throw new InvalidEventException(ErrorType.INVALID_VALUE, "tenant '" + named + "' must match " + Tenants.NAME.pattern());
      }
      return named;
    }
    return key != null && key.tenant() != null ? key.tenant() : Tenants.DEFAULT;
  }

  private LatestEventSchemas.EventSchema schemaOf(String eventType) throws InvalidEventException {
    if (!EVENT_TYPE_NAME.matcher(eventType).matches()) {
      throw new InvalidEventException(
          ErrorType.UNKNOWN_EVENT_TYPE,
          "event_type '" + eventType + "' is not a valid name (" + EVENT_TYPE_NAME.pattern() + ")");
    }
    return schemas
        .latest(eventType)
        .orElseThrow(
            () -> new InvalidEventException(
                ErrorType.UNKNOWN_EVENT_TYPE, "unknown event_type '" + eventType + "': no schema is registered for it"));
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
            ErrorType.UNKNOWN_FIELD,
            "'" + name + "' is not an event field"
                + (name.equals(SERVER_TIMESTAMP) || name.equals(EVENT_TIME) ? " a producer may set (the server sets it at ingest)" : "")
                + "; allowed: " + CLIENT_FIELDS);
      }
    }
    JsonNode id = event.get(EVENT_ID);
    if (id != null && !id.isNull() && (!id.isTextual() || id.asText().isBlank() || id.asText().length() > MAX_ID_LENGTH)) {
      throw new InvalidEventException(ErrorType.INVALID_VALUE, "event_id must be a string of 1 to " + MAX_ID_LENGTH + " characters");
    }
  }

  private static String requiredText(JsonNode event, String field) throws InvalidEventException {
    String value = optionalText(event, field);
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(ErrorType.MISSING_FIELD, field + " is required");
    }
    return value;
  }

  private static String optionalText(JsonNode event, String field) throws InvalidEventException {
    JsonNode value = event.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidEventException(
          ErrorType.WRONG_TYPE, field + " must be a string, got " + value.getNodeType().name().toLowerCase());
    }
    return value.asText();
  }

  /** Epoch milliseconds, or an ISO-8601 instant such as 2026-11-24T10:00:00Z. */
  public static Long timestamp(JsonNode value, String field) throws InvalidEventException {
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
        ErrorType.INVALID_VALUE, field + " must be epoch milliseconds or an ISO-8601 instant like 2026-11-24T10:00:00Z");
  }
}
