package dev.pulse.api.query;

import dev.pulse.contract.catalog.Tenants;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Pinot SQL of a metric read over one table and one part of its range. Count-like kinds are
 * summed per bucket and group in Pinot; sketch kinds fetch their rows to merge in the API, because
 * Pinot 0.11 cannot merge DataSketches HLL or KLL bytes.
 *
 * <p>Both shapes return the bucket, then the group ({@link DimensionSql#groupColumns}), then the
 * values.
 */
final class MetricSql {
  private MetricSql() {}

  /** Columns after the bucket and groups: value sum, min, max, numerator, denominator, events, all-final, last window end, newest emission. */
  static String aggregate(MetricQuery query, DimensionSql dims, String table, long from, long to, String stitch,
      int limit) {
    String bucket = bucketExpression(query);
    String groups = dims.groupColumns(query.groupBy());
    return "SELECT " + bucket + groups
        + ", SUM(\"value\"), MIN(\"value\"), MAX(\"value\"), SUM(numerator), SUM(denominator), SUM(event_count),"
        + " MIN(is_final), MAX(window_end), MAX(emitted_at) FROM " + table + where(query, dims, from, to, stitch)
        + " GROUP BY " + bucket + groups + " ORDER BY " + bucket + " LIMIT " + limit;
  }

  /** Columns after the window start and groups: sketch, events, final, window end, emission. */
  static String sketches(MetricQuery query, DimensionSql dims, String table, long from, long to, String stitch,
      int limit) {
    return "SELECT window_start" + dims.groupColumns(query.groupBy()) + ", sketch, event_count, is_final, window_end,"
        + " emitted_at FROM " + table + where(query, dims, from, to, stitch) + " LIMIT " + limit;
  }

  private static String bucketExpression(MetricQuery query) {
    if (!query.rollsUp()) {
      return "window_start";
    }
    return "SUB(window_start, MOD(window_start, " + query.granularity().toMillis() + "))";
  }

  /** @param stitch which windows this table serves, or null for all of the range */
  private static String where(MetricQuery query, DimensionSql dims, long from, long to, String stitch) {
    StringBuilder where =
        new StringBuilder(" WHERE metric = ")
            .append(PinotSql.literal(query.metric().name()))
            .append(" AND window_spec = ")
            .append(PinotSql.literal(query.window().id()))
            .append(" AND window_start >= ")
            .append(from)
            .append(" AND window_start < ")
            .append(to);
    query.tenant()
        .ifPresent(tenant -> where.append(" AND ").append(dims.in(Tenants.DIMENSION.path(), List.of(tenant))));
    for (Map.Entry<String, List<String>> filter : new TreeMap<>(query.filters()).entrySet()) {
      where.append(" AND ").append(dims.in(filter.getKey(), filter.getValue()));
    }
    if (stitch != null) {
      where.append(" AND ").append(stitch);
    }
    return where.toString();
  }
}
