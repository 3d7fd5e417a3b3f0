package dev.pulse.contract.catalog;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A field of an event that a metric reads: an envelope field such as {@code source}, or a property
 * such as {@code properties.page}. As a dimension, the path itself is the dimension's name in
 * queries.
 */
public record FieldPath(String path, String field, boolean isProperty) {
  private static final String PROPERTIES_PREFIX = "properties.";
  private static final Set<String> ENVELOPE_FIELDS = Set.of("source", "event_type", "user_id", "tenant");
  private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public static FieldPath parse(String path) {
    if (path == null) {
      throw new IllegalArgumentException("a field path is missing");
    }
    if (path.startsWith(PROPERTIES_PREFIX)) {
      String property = path.substring(PROPERTIES_PREFIX.length());
      if (!PROPERTY_NAME.matcher(property).matches()) {
        throw new IllegalArgumentException("'" + path + "' is not a valid property path");
      }
      return new FieldPath(path, property, true);
    }
    if (!ENVELOPE_FIELDS.contains(path)) {
      throw new IllegalArgumentException(
          "unknown field '" + path + "'; use one of " + ENVELOPE_FIELDS + " or properties.<name>");
    }
    return new FieldPath(path, path, false);
  }

  @Override
  public String toString() {
    return path;
  }
}
