package dev.pulse.archive.mapping;

import static dev.pulse.contract.archive.ArchiveColumns.*;

import dev.pulse.archive.mapping.AvroColumnTypes.Column;
import dev.pulse.archive.mapping.AvroColumnTypes.ValueConverter;
import dev.pulse.contract.events.EventSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * One writer schema's way into its archive table: the Iceberg schema its records have (the
 * envelope, where the record came from, then the type's properties as typed columns) and the
 * conversion of each record into a row of it.
 *
 * <p>Property columns are all optional, whatever the Avro schema says: a column that a later
 * version drops (FULL compatibility allows it, with a default) must still accept the rows of that
 * version, and only optional columns can be added to a table that has rows.
 */
public final class ArchiveRowMapper {
  /** Where one column's value comes from. */
  private interface ValueSource {
    Object read(GenericRecord event, RecordOrigin origin);
  }

  /** Where in Kafka and in the registry a record came from, and when the archive read it. */
  public record RecordOrigin(int partition, long offset, int schemaId, Integer schemaVersion, long ingestedAtMillis) {}

  private final String eventType;
  private final org.apache.iceberg.Schema schema;
  private final PartitionSpec spec;
  private final List<ValueSource> sources;

  private ArchiveRowMapper(String eventType, org.apache.iceberg.Schema schema, List<ValueSource> sources) {
    this.eventType = eventType;
    this.schema = schema;
    this.spec = partitioning(schema);
    this.sources = sources;
  }

  /** The table's partitioning: hour of event time for pruning, Kafka partition for the counts. */
  public static PartitionSpec partitioning(org.apache.iceberg.Schema schema) {
    return PartitionSpec.builderFor(schema).hour(EVENT_TIME).identity(KAFKA_PARTITION).build();
  }

  /**
   * @param writer the event's Avro schema as registered (envelope plus properties record)
   * @throws UnmappableSchemaException if a property has a reserved name or a type with no column
   */
  public static ArchiveRowMapper forSchema(Schema writer) throws UnmappableSchemaException {
    Builder builder = new Builder(writer);
    builder.text(EVENT_ID, true);
    builder.text(EVENT_TYPE, true);
    builder.text(SOURCE, false);
    builder.text(USER_ID, false);
    builder.text(TENANT, false);
    builder.timestamp(SERVER_TIMESTAMP, true);
    builder.timestamp(CLIENT_TIMESTAMP, false);
    builder.eventTime();
    builder.flag(EVENT_TIME_CLAMPED);
    builder.timestamp(SENT_AT, false);
    builder.add(NestedField.optional(builder.nextId(), SCHEMA_VERSION, Types.IntegerType.get()), (e, o) -> o.schemaVersion());
    builder.add(NestedField.required(builder.nextId(), SCHEMA_ID, Types.IntegerType.get()), (e, o) -> o.schemaId());
    builder.add(NestedField.required(builder.nextId(), KAFKA_PARTITION, Types.IntegerType.get()), (e, o) -> o.partition());
    builder.add(NestedField.required(builder.nextId(), KAFKA_OFFSET, Types.LongType.get()), (e, o) -> o.offset());
    builder.add(
        NestedField.required(builder.nextId(), INGESTED_AT, Types.TimestampType.withZone()),
        (e, o) -> TimestampData.fromEpochMillis(o.ingestedAtMillis()));
    builder.properties();
    return builder.build();
  }

  /** The event type, which names the table: the record's schema name (pulse.events.page_view). */
  public String eventType() {
    return eventType;
  }

  public org.apache.iceberg.Schema schema() {
    return schema;
  }

  public PartitionSpec spec() {
    return spec;
  }

  /** The record as a row of {@link #schema()}. */
  public GenericRowData toRow(GenericRecord event, RecordOrigin origin) {
    GenericRowData row = new GenericRowData(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      row.setField(i, sources.get(i).read(event, origin));
    }
    return row;
  }

  /** Collects the columns in order; field ids only need to be unique within the schema. */
  private static final class Builder {
    private final Schema writer;
    private final AtomicInteger ids = new AtomicInteger();
    private final List<NestedField> fields = new ArrayList<>();
    private final List<ValueSource> sources = new ArrayList<>();

    Builder(Schema writer) {
      this.writer = writer;
    }

    int nextId() {
      return ids.incrementAndGet();
    }

    void add(NestedField field, ValueSource source) {
      fields.add(field);
      sources.add(source);
    }

    void text(String name, boolean required) throws UnmappableSchemaException {
      int position = position(name, required);
      add(field(name, required, Types.StringType.get()), (e, o) -> string(get(e, position)));
    }

    void timestamp(String name, boolean required) throws UnmappableSchemaException {
      int position = position(name, required);
      add(field(name, required, Types.TimestampType.withZone()), (e, o) -> timestampOf(get(e, position)));
    }

    void flag(String name) {
      int position = position(name);
      add(field(name, false, Types.BooleanType.get()), (e, o) -> get(e, position));
    }

    /** The skew-corrected event time, or server_timestamp in schemas older than event_time. */
    void eventTime() throws UnmappableSchemaException {
      int eventTime = position(EVENT_TIME);
      int serverTimestamp = position(SERVER_TIMESTAMP, true);
      add(
          field(EVENT_TIME, true, Types.TimestampType.withZone()),
          (e, o) -> {
            Object value = get(e, eventTime);
            return timestampOf(value != null ? value : e.get(serverTimestamp));
          });
    }

    void properties() throws UnmappableSchemaException {
      Schema.Field properties = writer.getField(EventSchemas.PROPERTIES_FIELD);
      if (properties == null) {
        return;
      }
      Schema record = properties.schema();
      if (record.getType() != Schema.Type.RECORD) {
        throw new UnmappableSchemaException("properties is an Avro " + record.getType() + ", not a record");
      }
      int propertiesAt = properties.pos();
      for (Schema.Field property : record.getFields()) {
        if (RESERVED.contains(property.name())) {
          throw new UnmappableSchemaException(
              "property '" + property.name() + "' has the name of an archive column; rename it in a new schema version");
        }
        Column column = AvroColumnTypes.column(property.schema(), property.name(), ids::incrementAndGet);
        ValueConverter converter = column.converter();
        int at = property.pos();
        add(
            NestedField.optional(nextId(), property.name(), column.type()),
            (e, o) -> {
              GenericRecord values = (GenericRecord) e.get(propertiesAt);
              Object value = values == null ? null : values.get(at);
              return value == null ? null : converter.convert(value);
            });
      }
    }

    ArchiveRowMapper build() {
      return new ArchiveRowMapper(writer.getName(), new org.apache.iceberg.Schema(fields), sources);
    }

    private NestedField field(String name, boolean required, org.apache.iceberg.types.Type type) {
      return required ? NestedField.required(nextId(), name, type) : NestedField.optional(nextId(), name, type);
    }

    private int position(String name, boolean required) throws UnmappableSchemaException {
      int position = position(name);
      if (required && position < 0) {
        throw new UnmappableSchemaException("the schema has no " + name + " field");
      }
      return position;
    }

    private int position(String name) {
      Schema.Field field = writer.getField(name);
      return field == null ? -1 : field.pos();
    }

    private static Object get(GenericRecord event, int position) {
      return position < 0 ? null : event.get(position);
    }

    private static StringData string(Object value) {
      return value == null ? null : StringData.fromString(value.toString());
    }

    private static TimestampData timestampOf(Object value) {
      return value == null ? null : TimestampData.fromEpochMillis(AvroColumnTypes.millis(value));
    }
  }
}
