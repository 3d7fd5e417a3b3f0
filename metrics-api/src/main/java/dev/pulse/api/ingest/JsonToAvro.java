package dev.pulse.api.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.contract.dlq.ErrorType;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts a JSON object into an Avro record of a given schema, strictly: a missing required field,
 * a field of the wrong type and a field the schema does not have are each an error naming the field.
 * A misspelt property must never reach the metrics as a silently missing value.
 */
final class JsonToAvro {
  private JsonToAvro() {}

  static GenericRecord record(JsonNode json, Schema schema, String path) throws InvalidEventException {
    if (json == null || !json.isObject()) {
      throw new InvalidEventException(ErrorType.WRONG_TYPE, path + " must be a JSON object");
    }
    rejectUnknownFields(json, schema, path);
    GenericRecord record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      record.put(field.pos(), fieldValue(json.get(field.name()), field, path + "." + field.name()));
    }
    return record;
  }

  private static void rejectUnknownFields(JsonNode json, Schema schema, String path)
      throws InvalidEventException {
    Set<String> known = schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toSet());
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidEventException(
            ErrorType.UNKNOWN_FIELD,
            path + "." + name + " is not a field of " + schema.getName() + "; known fields: "
                + schema.getFields().stream().map(Schema.Field::name).toList());
      }
    }
  }

  private static Object fieldValue(JsonNode value, Schema.Field field, String path)
      throws InvalidEventException {
    if (value == null || value.isNull()) {
      if (field.schema().isNullable()) {
        return null;
      }
      if (field.hasDefaultValue() && field.defaultVal() != JsonProperties.NULL_VALUE) {
        return GenericData.get().getDefaultValue(field);
      }
      throw new InvalidEventException(ErrorType.MISSING_FIELD, path + " is required");
    }
    return value(value, field.schema(), path);
  }

  private static Object value(JsonNode value, Schema schema, String path) throws InvalidEventException {
    return switch (schema.getType()) {
      case STRING -> {
        require(value.isTextual(), path, "a string", value);
        yield value.asText();
      }
      case DOUBLE -> {
        require(value.isNumber(), path, "a number", value);
        yield value.asDouble();
      }
      case FLOAT -> {
        require(value.isNumber(), path, "a number", value);
        yield (float) value.asDouble();
      }
      case LONG -> {
        require(value.isIntegralNumber() && value.canConvertToLong(), path, "an integer", value);
        yield value.asLong();
      }
      case INT -> {
        require(value.isIntegralNumber() && value.canConvertToInt(), path, "a 32-bit integer", value);
        yield value.asInt();
      }
      case BOOLEAN -> {
        require(value.isBoolean(), path, "true or false", value);
        yield value.asBoolean();
      }
      case UNION -> value(value, nonNullBranch(schema, path), path);
      case RECORD -> record(value, schema, path);
      default -> throw new InvalidEventException(ErrorType.WRONG_TYPE, path + " has unsupported type " + schema.getType());
    };
  }

  private static Schema nonNullBranch(Schema union, String path) throws InvalidEventException {
    List<Schema> branches =
        union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new InvalidEventException(ErrorType.WRONG_TYPE, path + " has a union type this API cannot map from JSON");
    }
    return branches.get(0);
  }

  private static void require(boolean ok, String path, String expected, JsonNode actual)
      throws InvalidEventException {
    if (!ok) {
      throw new InvalidEventException(
          ErrorType.WRONG_TYPE,
          path + " must be " + expected + ", got " + actual.getNodeType().name().toLowerCase());
    }
  }
}
