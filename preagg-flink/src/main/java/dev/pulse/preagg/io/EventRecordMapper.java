package dev.pulse.preagg.io;

import static dev.pulse.contract.events.EventFields.EVENT_ID;
import static dev.pulse.contract.events.EventFields.EVENT_TIME;
import static dev.pulse.contract.events.EventFields.EVENT_TYPE;
import static dev.pulse.contract.events.EventFields.PROPERTIES;
import static dev.pulse.contract.events.EventFields.SERVER_TIMESTAMP;
import static dev.pulse.contract.events.EventFields.SOURCE;
import static dev.pulse.contract.events.EventFields.USER_ID;

import dev.pulse.preagg.records.RawEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Reads the envelope and the properties of an event's Avro record into a {@link RawEvent}. */
final class EventRecordMapper {
  private EventRecordMapper() {}

  static RawEvent toRawEvent(GenericRecord record) {
    return new RawEvent(
        text(record.get(EVENT_ID)),
        text(record.get(EVENT_TYPE)),
        text(record.get(SOURCE)),
        text(record.get(USER_ID)),
        eventTime(record),
        properties(record.get(PROPERTIES)));
  }

  /** The skew-corrected event_time when the record has one (a newer schema), else server_timestamp. */
  private static long eventTime(GenericRecord record) {
    Object eventTime = record.hasField(EVENT_TIME) ? record.get(EVENT_TIME) : null;
    return eventTime != null ? millis(eventTime) : millis(record.get(SERVER_TIMESTAMP));
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

  private static long millis(Object value) {
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof Long millis) {
      return millis;
    }
    throw new IllegalArgumentException("server_timestamp is missing or not a timestamp: " + value);
  }
}
