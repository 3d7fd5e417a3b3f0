package dev.pulse.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.api.admission.Admission;
import dev.pulse.api.api.MetricSeries;
import dev.pulse.api.pinot.PinotBroker;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import dev.pulse.contract.catalog.Tenants;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a metric from Pinot, where each (metric, window, dimensions) row is already the newest
 * emission, and rolls the matching rows up per bucket and group. Windows that history has restated
 * for their tenant come from the history table, every other one from the realtime upsert table
 * ({@link StitchPlan}).
 */
public class MetricReader {
  static final String REALTIME_TABLE = "metrics_agg";
  static final String HISTORY_TABLE = "metrics_history";

  private final PinotBroker pinot;
  private final HistoryCoverage history;
  private final ColumnCoverage columns;
  private final QueryLimits limits;
  private final Clock clock;
  private final Optional<RecentReader> recent;
  private final Counter reads;

  /**
   * @param recent the recent rows that answer tenants' reads of realtime windows, if kept
   * @param memoryReads the reads from the recent rows that may run at once
   */
  public MetricReader(PinotBroker pinot, HistoryCoverage history, ColumnCoverage columns, QueryLimits limits,
      Clock clock, Optional<RecentRows> recent, Admission memoryReads, PrometheusRegistry registry) {
    this.pinot = pinot;
    this.history = history;
    this.columns = columns;
    this.limits = limits;
    this.clock = clock;
    this.recent = recent.map(rows -> new RecentReader(rows, limits, clock, memoryReads));
    this.reads = Counter.builder().name("pulse_query_reads_total")
        .help("metric reads by where their rows came from: memory (the recent rows) or pinot")
        .labelNames("rows_from").register(registry);
  }

  public MetricSeries read(MetricQuery query) {
    long from = query.from().toEpochMilli();
    long to = query.to().toEpochMilli();
    StitchPlan plan = StitchPlan.of(history.of(query.metric().name()), from, to, oneTenant(query));
    if (!plan.readsHistory() && recent.isPresent()) {
      Optional<MetricSeries> fromMemory = recent.get().read(query, oneTenant(query));
      if (fromMemory.isPresent()) {
        reads.labelValues("memory").inc();
        return fromMemory.get();
      }
    }
    reads.labelValues("pinot").inc();
    SeriesBuilder series = new SeriesBuilder(query, limits.maxGroups());
    Set<String> dimensions = dimensionsNamed(query);
    if (plan.readsHistory()) {
      DimensionSql dims = columns.sqlFor(HISTORY_TABLE, dimensions, from);
      readTable(query, dims, HISTORY_TABLE, from, to, plan.historyCondition(dims), true, series);
    }
    if (plan.readsRealtime()) {
      DimensionSql dims = columns.sqlFor(REALTIME_TABLE, dimensions, from);
      readTable(query, dims, REALTIME_TABLE, from, to, plan.readsHistory() ? plan.realtimeCondition(dims) : null, false,
          series);
    }
    String source = plan.readsHistory() && plan.readsRealtime() ? "both" : plan.readsHistory() ? "offline" : "realtime";
    return series.build(clock.instant(), source, plan.readsHistory() ? plan.restated() : null);
  }

  /** Every dimension the read's SQL names: the tenant (scope and stitching), filters, group_by. */
  private static Set<String> dimensionsNamed(MetricQuery query) {
    Set<String> dimensions = new HashSet<>(query.filters().keySet());
    dimensions.addAll(query.groupBy());
    dimensions.add(Tenants.DIMENSION.path());
    return dimensions;
  }

  /** The one tenant a read can see: its caller's, or the only one its filter allows. */
  private static Optional<String> oneTenant(MetricQuery query) {
    if (query.tenant().isPresent()) {
      return query.tenant();
    }
    List<String> filtered = query.filters().get("tenant");
    return filtered != null && filtered.size() == 1 ? Optional.of(filtered.get(0)) : Optional.empty();
  }

  private void readTable(MetricQuery query, DimensionSql dims, String table, long from, long to, String stitch,
      boolean restated, SeriesBuilder series) {
    if (query.metric().aggregation().keepsSketch()) {
      readSketches(query, dims, table, from, to, stitch, restated, series);
    } else {
      readAggregates(query, dims, table, from, to, stitch, restated, series);
    }
  }

  private void readAggregates(MetricQuery query, DimensionSql dims, String table, long from, long to, String stitch,
      boolean restated, SeriesBuilder series) {
    // Ungrouped: one row per bucket, which the bucket limit bounds. Grouped: one per bucket and
    // series, which can be more; past the limit the read is refused rather than cut short.
    int rowLimit = query.groupBy().isEmpty() ? limits.maxBuckets() + 1 : limits.maxSketchRows() + 1;
    List<JsonNode> rows = pinot.query(MetricSql.aggregate(query, dims, table, from, to, stitch, rowLimit));
    refuseIfCut(rows, rowLimit);
    GroupKeys groups = dims.groupKeys(query.groupBy());
    int g = groups.columns();
    for (JsonNode row : rows) {
      series.add(groups.of(row), row.get(0).asLong(), row.get(g + 7).asDouble() >= 1,
          row.get(g + 8).asLong(), row.get(g + 9).asLong(), restated,
          rollup -> rollup.addRows(row.get(g + 1).asDouble(), row.get(g + 2).asDouble(), row.get(g + 3).asDouble(),
              row.get(g + 4).asDouble(), row.get(g + 5).asDouble(), row.get(g + 6).asLong()));
    }
  }

  private void readSketches(MetricQuery query, DimensionSql dims, String table, long from, long to, String stitch,
      boolean restated, SeriesBuilder series) {
    List<JsonNode> rows =
        pinot.query(MetricSql.sketches(query, dims, table, from, to, stitch, limits.maxSketchRows() + 1));
    refuseIfCut(rows, limits.maxSketchRows() + 1);
    GroupKeys groups = dims.groupKeys(query.groupBy());
    int g = groups.columns();
    for (JsonNode row : rows) {
      series.add(groups.of(row), query.bucketOf(row.get(0).asLong()), row.get(g + 3).asBoolean(),
          row.get(g + 4).asLong(), row.get(g + 5).asLong(), restated,
          rollup -> rollup.addSketch(hex(row.get(g + 1)), row.get(g + 2).asLong()));
    }
  }

  private void refuseIfCut(List<JsonNode> rows, int rowLimit) {
    if (rows.size() >= rowLimit) {
      throw tooManyRows(limits);
    }
  }

  static QueryLimitException tooManyRows(QueryLimits limits) {
    return new QueryLimitException("this read merges more than " + limits.maxSketchRows()
        + " stored rows (query.maxSketchRows); narrow the range, filter on dimensions or group by fewer");
  }

  private static byte[] hex(JsonNode value) {
    return value == null || value.isNull() || value.asText().isEmpty() ? null : HexFormat.of().parseHex(value.asText());
  }
}
