package dev.pulse.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.api.api.MetricSeries;
import dev.pulse.api.pinot.PinotBroker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a metric from Pinot, where each (metric, window, dimensions) row is already the newest
 * emission, and rolls the matching rows up per bucket and group. Windows before the history
 * boundary come from the history table, later ones from the realtime upsert table.
 */
public class MetricReader {
  static final String REALTIME_TABLE = "metrics_agg";
  static final String HISTORY_TABLE = "metrics_history";

  private final PinotBroker pinot;
  private final HistoryBoundary history;
  private final QueryLimits limits;
  private final Clock clock;

  public MetricReader(PinotBroker pinot, HistoryBoundary history, QueryLimits limits, Clock clock) {
    this.pinot = pinot;
    this.history = history;
    this.limits = limits;
    this.clock = clock;
  }

  public MetricSeries read(MetricQuery query) {
    SeriesBuilder series = new SeriesBuilder(query, limits.maxGroups());
    long from = query.from().toEpochMilli();
    long to = query.to().toEpochMilli();
    long boundary = history.of(query);
    boolean fromHistory = boundary > from;
    boolean fromRealtime = to > boundary;
    if (fromHistory) {
      readTable(query, HISTORY_TABLE, from, Math.min(to, boundary), series);
    }
    if (fromRealtime) {
      readTable(query, REALTIME_TABLE, Math.max(from, boundary), to, series);
    }
    return series.build(clock.instant(), fromHistory && fromRealtime ? "both" : fromHistory ? "offline" : "realtime");
  }

  private void readTable(MetricQuery query, String table, long from, long to, SeriesBuilder series) {
    if (query.metric().aggregation().keepsSketch()) {
      readSketches(query, table, from, to, series);
    } else {
      readAggregates(query, table, from, to, series);
    }
  }

  private void readAggregates(MetricQuery query, String table, long from, long to, SeriesBuilder series) {
    // One row per bucket and group at most: the limits bound both, so the row limit never cuts.
    int rowLimit = (limits.maxBuckets() + 1) * (limits.maxGroups() + 1);
    int g = query.groupBy().size();
    for (JsonNode row : pinot.query(MetricSql.aggregate(query, table, from, to, rowLimit))) {
      series.add(groupValues(row, g), row.get(0).asLong(), row.get(g + 7).asDouble() >= 1,
          row.get(g + 8).asLong(), row.get(g + 9).asLong(),
          rollup -> rollup.addRows(row.get(g + 1).asDouble(), row.get(g + 2).asDouble(), row.get(g + 3).asDouble(),
              row.get(g + 4).asDouble(), row.get(g + 5).asDouble(), row.get(g + 6).asLong()));
    }
  }

  private void readSketches(MetricQuery query, String table, long from, long to, SeriesBuilder series) {
    int g = query.groupBy().size();
    List<JsonNode> rows = pinot.query(MetricSql.sketches(query, table, from, to, limits.maxSketchRows() + 1));
    if (rows.size() > limits.maxSketchRows()) {
      throw new QueryLimitException("this read merges more than " + limits.maxSketchRows()
          + " stored sketches (query.maxSketchRows); narrow the range, filter on dimensions or group by fewer");
    }
    for (JsonNode row : rows) {
      series.add(groupValues(row, g), query.bucketOf(row.get(0).asLong()), row.get(g + 3).asBoolean(),
          row.get(g + 4).asLong(), row.get(g + 5).asLong(),
          rollup -> rollup.addSketch(hex(row.get(g + 1)), row.get(g + 2).asLong()));
    }
  }

  private static List<String> groupValues(JsonNode row, int groups) {
    List<String> values = new ArrayList<>(groups);
    for (int i = 1; i <= groups; i++) {
      values.add(row.get(i).asText());
    }
    return values;
  }

  private static byte[] hex(JsonNode value) {
    return value == null || value.isNull() || value.asText().isEmpty() ? null : HexFormat.of().parseHex(value.asText());
  }
}
