package dev.pulse.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.api.pinot.PinotBroker;
import java.time.Duration;
import java.util.List;

/**
 * Where history ends for a metric's window: the latest window end in the history table. Windows
 * starting before it are read from history, the rest from the realtime table, so a range that spans
 * both is answered once per window, with no gap and no double count. Cached briefly: it moves only
 * when a backfill pushes segments.
 */
public class HistoryBoundary {
  /** No history: every window is read from the realtime table. */
  public static final long NONE = Long.MIN_VALUE;

  private final PinotBroker pinot;
  private final LoadingCache<String, Long> boundaries;

  public HistoryBoundary(PinotBroker pinot, Duration cacheFor) {
    this.pinot = pinot;
    this.boundaries = Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(10_000).build(this::load);
  }

  public long of(MetricQuery query) {
    return boundaries.get(PinotSql.literal(query.metric().name()) + " AND window_spec = " + PinotSql.literal(query.window().id()));
  }

  private long load(String metricAndWindow) {
    List<JsonNode> rows = pinot.query(
        "SELECT MAX(window_end) FROM " + MetricReader.HISTORY_TABLE + " WHERE metric = " + metricAndWindow);
    if (rows.isEmpty()) {
      return NONE;
    }
    double end = rows.get(0).get(0).asDouble();
    // Pinot answers MAX over no rows with -Infinity.
    return Double.isFinite(end) && end > 0 ? (long) end : NONE;
  }
}
