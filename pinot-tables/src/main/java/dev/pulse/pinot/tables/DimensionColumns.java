package dev.pulse.pinot.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One Pinot column per catalog dimension, beside the {@code dims} document it is derived from.
 * Pinot fills the columns itself with ingestion transforms, in the consuming segments, in segments
 * the backfill builds and, on reload, in segments that predate them; the job that writes
 * metrics.agg does not change. A filter or group-by on a column costs a dictionary lookup and an
 * inverted index, where {@code JSON_MATCH} parses its expression per segment and a group-by on
 * {@code dims} makes every series its own group.
 *
 * <p>Rows a segment held before its column existed read {@link #NOT_MATERIALIZED}: readers fall
 * back to {@code dims} wherever such rows remain. Columns are only ever added; Pinot refuses a schema
 * that drops one.
 */
public final class DimensionColumns {
  /** The value of a dimension column in rows stored before the column existed. */
  public static final String NOT_MATERIALIZED = "pulse:not-materialized";

  private static final String PREFIX = "dim_";

  private DimensionColumns() {}

  /** The column of a dimension: {@code dim_tenant}, {@code dim_source}, {@code dim_properties_page}. */
  public static String of(String dimension) {
    return PREFIX + dimension.replace('.', '_');
  }

  public static boolean isDimensionColumn(String column) {
    return column.startsWith(PREFIX);
  }

  /**
   * The ingestion transform that reads a dimension out of {@code dims}; a series without the
   * dimension gets "", as the document readers treat it. Dimension names are a field name or
   * {@code properties.<name>}, so they need no quoting inside the path.
   */
  static String transformOf(String dimension) {
    return "jsonPathString(dims, '$[''" + dimension + "'']', '')";
  }

  /**
   * Adds the columns of {@code dimensions} a schema lacks.
   *
   * @return the columns added
   */
  static Set<String> addToSchema(ObjectNode schema, Collection<String> dimensions) {
    ArrayNode fields = (ArrayNode) schema.withArray("dimensionFieldSpecs");
    Set<String> existing = new LinkedHashSet<>();
    fields.forEach(f -> existing.add(f.path("name").asText()));
    Set<String> added = new LinkedHashSet<>();
    for (String dimension : dimensions) {
      String column = of(dimension);
      if (existing.add(column)) {
        fields.addObject().put("name", column).put("dataType", "STRING").put("defaultNullValue", NOT_MATERIALIZED);
        added.add(column);
      }
    }
    return added;
  }

  /**
   * The dimensions whose columns a schema already has, so that a catalog which no longer names one
   * keeps its column filled. The inverse of {@link #of}: property names never contain dots, and no
   * envelope field starts with "properties_".
   */
  static Set<String> dimensionsIn(JsonNode schema) {
    Set<String> dimensions = new LinkedHashSet<>();
    schema.path("dimensionFieldSpecs").forEach(f -> {
      String column = f.path("name").asText();
      if (isDimensionColumn(column)) {
        String rest = column.substring(PREFIX.length());
        dimensions.add(rest.startsWith("properties_") ? "properties." + rest.substring("properties_".length()) : rest);
      }
    });
    return dimensions;
  }

  /** Gives a table config the transform and the inverted index of every dimension column. */
  static void addToTableConfig(ObjectNode tableConfig, Collection<String> dimensions) {
    ArrayNode transforms = (ArrayNode) tableConfig.with("ingestionConfig").withArray("transformConfigs");
    Set<String> transformed = new LinkedHashSet<>();
    transforms.forEach(t -> transformed.add(t.path("columnName").asText()));
    ArrayNode inverted = (ArrayNode) tableConfig.with("tableIndexConfig").withArray("invertedIndexColumns");
    Set<String> indexed = new LinkedHashSet<>();
    inverted.forEach(c -> indexed.add(c.asText()));
    for (String dimension : dimensions) {
      String column = of(dimension);
      if (transformed.add(column)) {
        transforms.addObject().put("columnName", column).put("transformFunction", transformOf(dimension));
      }
      if (indexed.add(column)) {
        inverted.add(column);
      }
    }
  }
}
