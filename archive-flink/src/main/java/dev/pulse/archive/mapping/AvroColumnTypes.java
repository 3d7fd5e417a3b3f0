package dev.pulse.archive.mapping;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * How an Avro property type becomes an Iceberg column type, and an Avro value the Flink value the
 * Iceberg writer takes. Iceberg's own Avro conversion cannot be used: its runtime jar shades Avro.
 *
 * <p>Covers what ingest accepts (strings, numbers, booleans, nullable unions, nested records) and a
 * little more (enums, bytes, fixed, timestamps); arrays, maps and unions of several types are
 * refused, as the archive would otherwise have to guess a layout.
 */
final class AvroColumnTypes {
  /** Turns one decoded Avro value into the Flink value of its column. */
  interface ValueConverter {
    Object convert(Object avroValue);
  }

  /** A column's Iceberg type and the converter of its values. */
  record Column(Type type, ValueConverter converter) {}

  private AvroColumnTypes() {}

  static Column column(Schema schema, String path, IntSupplier nextId) throws UnmappableSchemaException {
    return switch (schema.getType()) {
      case STRING, ENUM -> new Column(Types.StringType.get(), value -> StringData.fromString(value.toString()));
      case BOOLEAN -> new Column(Types.BooleanType.get(), value -> value);
      case INT -> new Column(Types.IntegerType.get(), value -> value);
      case LONG -> longColumn(schema.getLogicalType());
      case FLOAT -> new Column(Types.FloatType.get(), value -> value);
      case DOUBLE -> new Column(Types.DoubleType.get(), value -> value);
      case BYTES -> new Column(Types.BinaryType.get(), value -> bytes((ByteBuffer) value));
      case FIXED -> new Column(Types.BinaryType.get(), value -> ((GenericFixed) value).bytes().clone());
      case UNION -> column(nonNullBranch(schema, path), path, nextId);
      case RECORD -> struct(schema, path, nextId);
      default -> throw new UnmappableSchemaException(path + " is an Avro " + schema.getType() + ", which the archive has no column for");
    };
  }

  private static Column longColumn(LogicalType logical) {
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return new Column(Types.TimestampType.withZone(), value -> TimestampData.fromEpochMillis(millis(value)));
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return new Column(
          Types.TimestampType.withZone(),
          value -> {
            long micros = (Long) value;
            return TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000), (int) Math.floorMod(micros, 1000) * 1000);
          });
    }
    return new Column(Types.LongType.get(), value -> value);
  }

  private static Schema nonNullBranch(Schema union, String path) throws UnmappableSchemaException {
    List<Schema> branches = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new UnmappableSchemaException(path + " is a union of " + branches.size() + " types; the archive maps only [null, T]");
    }
    return branches.get(0);
  }

  /** A nested record: a struct whose fields are all optional, so it can evolve like the table. */
  private static Column struct(Schema record, String path, IntSupplier nextId) throws UnmappableSchemaException {
    List<Types.NestedField> fields = new ArrayList<>();
    List<ValueConverter> converters = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      Column column = column(field.schema(), path + "." + field.name(), nextId);
      fields.add(Types.NestedField.optional(nextId.getAsInt(), field.name(), column.type()));
      converters.add(column.converter());
    }
    return new Column(
        Types.StructType.of(fields),
        value -> {
          GenericRecord nested = (GenericRecord) value;
          GenericRowData row = new GenericRowData(converters.size());
          for (int i = 0; i < converters.size(); i++) {
            Object fieldValue = nested.get(i);
            row.setField(i, fieldValue == null ? null : converters.get(i).convert(fieldValue));
          }
          return row;
        });
  }

  static long millis(Object value) {
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    return (Long) value;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
