package dev.pulse.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.api.api.MetricSeries;
import dev.pulse.api.pinot.PinotBroker;
import dev.pulse.contract.catalog.Aggregation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a metric's windows from Pinot's upsert table, where each (metric, window, dimensions) row is
 * already the newest emission, and rolls the series that match the filters up per window.
 * Count-like kinds are aggregated in Pinot; sketch kinds fetch their rows and merge here, because
 * Pinot 0.11 cannot merge DataSketches HLL or KLL bytes.
 */
public class MetricReader {
  static final String TABLE = "metrics_agg";
  private static final int MAX_ROWS = 100_000;

  private final PinotBroker pinot;

  public MetricReader(PinotBroker pinot) {
    this.pinot = pinot;
  }

  public MetricSeries read(MetricQuery query) {
    Aggregation kind = query.metric().aggregation();
    Map<Long, Rollup> windows = new TreeMap<>();
    long windowMillis = query.window().sizeMillis();
    if (kind.keepsSketch()) {
      for (JsonNode row : pinot.query(sketchSql(query))) {
        windows.computeIfAbsent(row.get(0).asLong(), w -> new Rollup(kind))
            .addSketch(hex(row.get(1)), row.get(2).asLong());
      }
    } else {
      for (JsonNode row : pinot.query(aggregateSql(query))) {
        windows.computeIfAbsent(row.get(0).asLong(), w -> new Rollup(kind))
            .addRows(row.get(1).asDouble(), row.get(2).asDouble(), row.get(3).asDouble(),
                row.get(4).asDouble(), row.get(5).asDouble(), row.get(6).asLong());
      }
    }
    Rollup total = new Rollup(kind);
    List<MetricSeries.Bucket> buckets = new ArrayList<>();
    windows.forEach((start, rollup) -> {
      total.addAll(rollup);
      buckets.add(new MetricSeries.Bucket(
          Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + windowMillis),
          rollup.value(), rollup.events(), rollup.percentiles()));
    });
    return new MetricSeries(
        query.metric().name(), kind.label(), query.window().id(), query.from(), query.to(),
        new TreeMap<>(query.filters()), buckets, total.value(), total.percentiles());
  }

  static String aggregateSql(MetricQuery query) {
    return "SELECT window_start, SUM(\"value\"), MIN(\"value\"), MAX(\"value\"), SUM(numerator), SUM(denominator),"
        + " SUM(event_count) FROM " + TABLE + where(query)
        + " GROUP BY window_start ORDER BY window_start LIMIT " + MAX_ROWS;
  }

  static String sketchSql(MetricQuery query) {
    return "SELECT window_start, sketch, event_count FROM " + TABLE + where(query) + " LIMIT " + MAX_ROWS;
  }

  private static String where(MetricQuery query) {
    StringBuilder where =
        new StringBuilder(" WHERE metric = ")
            .append(PinotSql.literal(query.metric().name()))
            .append(" AND window_spec = ")
            .append(PinotSql.literal(query.window().id()))
            .append(" AND window_start >= ")
            .append(query.from().toEpochMilli())
            .append(" AND window_start < ")
            .append(query.to().toEpochMilli());
    for (Map.Entry<String, String> filter : new TreeMap<>(query.filters()).entrySet()) {
      where.append(" AND ").append(PinotSql.jsonEquals("dims", filter.getKey(), filter.getValue()));
    }
    return where.toString();
  }

  private static byte[] hex(JsonNode value) {
    return value == null || value.isNull() || value.asText().isEmpty() ? null : HexFormat.of().parseHex(value.asText());
  }
}
