package dev.pulse.backfill.archive;

import dev.pulse.aggregation.RawEvent;
import dev.pulse.contract.archive.ArchiveColumns;
import dev.pulse.contract.catalog.Tenants;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * An archived row as the event the streaming job decoded from Kafka. Property values become the
 * text the job made of the Avro values, so that filters and dimensions match exactly: numbers and
 * booleans print the same in Java either way; timestamp columns go back to epoch milliseconds,
 * which is what a timestamp-millis Avro field held.
 */
final class ArchivedEvents {
  static final String EVENT_TIME = ArchiveColumns.EVENT_TIME;

  private ArchivedEvents() {}

  static RawEvent toRawEvent(Record record) {
    RawEvent event = new RawEvent(
        text(record.getField(ArchiveColumns.EVENT_ID)),
        text(record.getField(ArchiveColumns.EVENT_TYPE)),
        text(record.getField(ArchiveColumns.SOURCE)),
        text(record.getField(ArchiveColumns.USER_ID)),
        millis(record.getField(ArchiveColumns.EVENT_TIME)),
        properties(record));
    Object tenant = record.getField(ArchiveColumns.TENANT);
    event.tenant = tenant == null ? Tenants.DEFAULT : tenant.toString();
    return event;
  }

  private static Map<String, String> properties(Record record) {
    Map<String, String> properties = new HashMap<>();
    List<Types.NestedField> columns = record.struct().fields();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      Object value = record.get(i);
      if (value != null && !ArchiveColumns.RESERVED.contains(name)) {
        properties.put(name, propertyText(value));
      }
    }
    return properties;
  }

  private static String propertyText(Object value) {
    if (value instanceof OffsetDateTime time) {
      return Long.toString(time.toInstant().toEpochMilli());
    }
    if (value instanceof ByteBuffer bytes) {
      return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    return value.toString();
  }

  private static long millis(Object value) {
    if (value instanceof OffsetDateTime time) {
      return time.toInstant().toEpochMilli();
    }
    throw new IllegalStateException("an archived row without an event time: " + value);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
