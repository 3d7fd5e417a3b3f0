package dev.pulse.contract.catalog;

import dev.pulse.contract.events.EventSchemas;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Checks a metric against the event schemas of the contract, so that a catalog that names a missing
 * property or sums a string is refused at load rather than producing empty metrics.
 */
final class SchemaChecks {
  private static final EventSchemas SCHEMAS = EventSchemas.load();

  private SchemaChecks() {}

  static boolean isKnownEventType(String type) {
    return EventSchemas.EVENT_TYPES.contains(type);
  }

  static List<String> knownEventTypes() {
    return EventSchemas.EVENT_TYPES;
  }

  static boolean anyTypeHasProperty(EventFilter filter, String property) {
    return typesOf(filter).stream().anyMatch(type -> propertySchema(type, property).isPresent());
  }

  /** @return a problem, if the value field cannot be aggregated as asked */
  static Optional<String> checkValue(FieldPath value, Aggregation aggregation, EventFilter filter) {
    if (!value.isProperty()) {
      return aggregation.needsNumericValue()
          ? Optional.of("value " + value + " is text; " + aggregation.label() + " needs a number")
          : Optional.empty();
    }
    List<String> withProperty =
        typesOf(filter).stream().filter(t -> propertySchema(t, value.field()).isPresent()).toList();
    if (withProperty.isEmpty()) {
      return Optional.of("value: no event type of the filter has property '" + value.field() + "'");
    }
    if (!aggregation.needsNumericValue()) {
      return Optional.empty();
    }
    return withProperty.stream()
        .filter(type -> !isNumeric(propertySchema(type, value.field()).orElseThrow()))
        .findFirst()
        .map(type -> "value " + value + " of " + type + " is not a number; " + aggregation.label() + " needs one");
  }

  private static List<String> typesOf(EventFilter filter) {
    return filter.eventTypes().isEmpty() ? EventSchemas.EVENT_TYPES : List.copyOf(filter.eventTypes());
  }

  private static Optional<Schema> propertySchema(String eventType, String property) {
    if (!isKnownEventType(eventType)) {
      return Optional.empty();
    }
    Schema properties = SCHEMAS.schemaFor(eventType).getField(EventSchemas.PROPERTIES_FIELD).schema();
    Schema.Field field = properties.getField(property);
    return Optional.ofNullable(field).map(Schema.Field::schema);
  }

  private static boolean isNumeric(Schema schema) {
    return switch (schema.getType()) {
      case INT, LONG, FLOAT, DOUBLE -> true;
      case UNION -> schema.getTypes().stream().anyMatch(SchemaChecks::isNumeric);
      default -> false;
    };
  }
}
