package dev.pulse.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.api.pinot.PinotBroker;
import dev.pulse.contract.history.Coverage;
import dev.pulse.contract.history.Coverage.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where history is authoritative for a metric: the coverage spans its restatements left in the
 * history table (see {@link Coverage}). Cached briefly; a swap or revert reaches reads within
 * {@code cacheFor} and the time one Pinot query takes, and until then reads are stitched as before
 * it, from the old coverage.
 *
 * <p>Every read asks for its metric's coverage, so a read must not wait for the query that renews
 * it: with a plain expiry, every {@code cacheFor} each read of the metric waited for that query,
 * and under load (a Pinot broker answering in seconds) reads that memory answers in a millisecond
 * queued behind it until callers timed out. So every metric read before is renewed in the
 * background every {@code cacheFor}, whether or not it is being read (renewing only on a read, the
 * first read after a quiet spell would be answered from coverage of any age); only coverage older
 * than {@code STALE_LIMIT} times {@code cacheFor} (renewals failing that long: Pinot unreachable)
 * makes reads wait for a fresh load.
 */
public class HistoryCoverage {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Far more spans than a metric's history should ever hold: adjacent restatements merge. */
  private static final int MAX_SPANS = 100_000;
  /** Coverage older than this many {@code cacheFor}s is not served: reads wait for a fresh load. */
  private static final int STALE_LIMIT = 12;

  /**
   * Renewals run here rather than in the common pool, which on a 2-core machine has one thread
   * that parallel streams and other libraries share.
   */
  private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "history-coverage-renewal");
    t.setDaemon(true);
    return t;
  });

  private final PinotBroker pinot;
  private final LoadingCache<String, Coverage> byMetric;

  public HistoryCoverage(PinotBroker pinot, Duration cacheFor) {
    this.pinot = pinot;
    this.byMetric = Caffeine.newBuilder()
        .expireAfterWrite(cacheFor.multipliedBy(STALE_LIMIT))
        .executor(RENEWALS)
        .maximumSize(10_000)
        .build(this::load);
    RENEWALS.scheduleWithFixedDelay(this::renewAll, cacheFor.toMillis(), cacheFor.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts a reload of every metric held; each replaces its old coverage when its query answers. */
  private void renewAll() {
    byMetric.refreshAll(List.copyOf(byMetric.asMap().keySet()));
  }

  public Coverage of(String metric) {
    return byMetric.get(metric);
  }

  private Coverage load(String metric) {
    List<JsonNode> rows = pinot.query("SELECT dims, window_start, window_end, emitted_at FROM " + MetricReader.HISTORY_TABLE
        + " WHERE metric = " + PinotSql.literal(metric) + " AND window_spec = " + PinotSql.literal(Coverage.MARKER_WINDOW_SPEC)
        + " LIMIT " + MAX_SPANS);
    List<Span> spans = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      spans.add(Coverage.spanOf(metric, tenant(row.get(0).asText()), row.get(1).asLong(), row.get(2).asLong(),
          row.get(3).asLong()));
    }
    return new Coverage(spans);
  }

  private static String tenant(String dims) {
    try {
      return JSON.readTree(dims).path("tenant").asText("");
    } catch (IOException e) {
      throw new UncheckedIOException("a coverage marker with unreadable dims: " + dims, e);
    }
  }
}
