package dev.pulse.flink.events;

import dev.pulse.aggregation.RawEvent;

import static dev.pulse.contract.events.EventFields.EVENT_ID;
import static dev.pulse.contract.events.EventFields.EVENT_TIME;
import static dev.pulse.contract.events.EventFields.EVENT_TYPE;
import static dev.pulse.contract.events.EventFields.TENANT;
import static dev.pulse.contract.events.EventFields.PROPERTIES;
import static dev.pulse.contract.events.EventFields.SERVER_TIMESTAMP;
import static dev.pulse.contract.events.EventFields.SOURCE;
import static dev.pulse.contract.events.EventFields.USER_ID;

import dev.pulse.contract.events.EventFields;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the envelope and the properties of an event's Avro record into a {@link RawEvent}. Field
 * positions are looked up once per writer schema, not by name per event.
 */
final class EventRecordMapper {
  /** Where the envelope's fields are in one schema; -1 for a field that schema lacks. */
  private record Positions(int eventId, int eventType, int source, int userId, int tenant, int serverTimestamp, int eventTime, int properties) {
    static Positions of(Schema schema) {
      return new Positions(
          pos(schema, EVENT_ID), pos(schema, EVENT_TYPE), pos(schema, SOURCE), pos(schema, USER_ID), pos(schema, TENANT),
          pos(schema, SERVER_TIMESTAMP), pos(schema, EVENT_TIME), pos(schema, PROPERTIES));
    }

    private static int pos(Schema schema, String field) {
      Schema.Field f = schema.getField(field);
      return f == null ? -1 : f.pos();
    }
  }

  private final Map<Schema, Positions> positions = new IdentityHashMap<>();

  RawEvent toRawEvent(GenericRecord record) {
    Positions at = positions.computeIfAbsent(record.getSchema(), Positions::of);
    RawEvent event = new RawEvent(
        text(get(record, at.eventId())),
        text(get(record, at.eventType())),
        text(get(record, at.source())),
        text(get(record, at.userId())),
        eventTime(record, at),
        properties(get(record, at.properties())));
    Object tenant = get(record, at.tenant());
    if (tenant != null) {
      event.tenant = tenant.toString();
    }
    return event;
  }

  private static Object get(GenericRecord record, int position) {
    return position < 0 ? null : record.get(position);
  }

  /** The skew-corrected event_time when the record has one (a newer schema), else server_timestamp. */
  private static long eventTime(GenericRecord record, Positions at) {
    return EventFields.eventTimeMillis(get(record, at.eventTime()), get(record, at.serverTimestamp()));
  }

  private static Map<String, String> properties(Object value) {
    Map<String, String> properties = new HashMap<>();
    if (value instanceof GenericRecord record) {
      for (Schema.Field field : record.getSchema().getFields()) {
        Object property = record.get(field.pos());
        if (property != null) {
          properties.put(field.name(), property.toString());
        }
      }
    }
    return properties;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
