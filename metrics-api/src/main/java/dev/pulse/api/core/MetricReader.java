package dev.pulse.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.api.api.MetricSeries;
import dev.pulse.api.pinot.PinotBroker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a metric's windows from Pinot's upsert table, where each (metric, window, dimensions) row is
 * already the newest emission. Series that match the filters are summed per window.
 */
public class MetricReader {
  static final String TABLE = "metrics_agg";
  private static final int MAX_ROWS = 100_000;

  private final PinotBroker pinot;

  public MetricReader(PinotBroker pinot) {
    this.pinot = pinot;
  }

  public MetricSeries read(MetricQuery query) {
    List<MetricSeries.Bucket> buckets = pinot.query(sql(query)).stream().map(MetricReader::bucket).toList();
    double total = buckets.stream().mapToDouble(MetricSeries.Bucket::value).sum();
    return new MetricSeries(
        query.metric().name(), query.from(), query.to(), new TreeMap<>(query.filters()), buckets, total);
  }

  static String sql(MetricQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT window_start, window_end, SUM(\"value\"), SUM(event_count) FROM ")
            .append(TABLE)
            .append(" WHERE metric = ")
            .append(PinotSql.literal(query.metric().name()))
            .append(" AND window_start >= ")
            .append(query.from().toEpochMilli())
            .append(" AND window_start < ")
            .append(query.to().toEpochMilli());
    for (Map.Entry<String, String> filter : new TreeMap<>(query.filters()).entrySet()) {
      sql.append(" AND ").append(PinotSql.jsonEquals("dims", filter.getKey(), filter.getValue()));
    }
    return sql.append(" GROUP BY window_start, window_end ORDER BY window_start LIMIT ")
        .append(MAX_ROWS)
        .toString();
  }

  private static MetricSeries.Bucket bucket(JsonNode row) {
    return new MetricSeries.Bucket(
        Instant.ofEpochMilli(row.get(0).asLong()),
        Instant.ofEpochMilli(row.get(1).asLong()),
        row.get(2).asDouble(),
        row.get(3).asLong());
  }
}
