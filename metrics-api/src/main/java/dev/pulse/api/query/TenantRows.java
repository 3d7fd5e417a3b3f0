package dev.pulse.api.query;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One tenant's realtime rows from {@code coveredFrom} on: per metric and window spec, per series
 * (one set of dimension values), its windows by start, each the newest version seen. Kept by series
 * so that a read decides its filter and group once per series, not once per row. Reads walk it
 * while the feed writes to it: a read sees every row either before or after an update, as it would
 * in Pinot's consuming segment.
 */
final class TenantRows {
  private record Metric(String name, String windowSpec) {}

  /** A series: its dimensions and its windows by start. */
  record Series(Map<String, String> dims, NavigableMap<Long, RecentRow> windows) {}

  final String tenant;
  final long loadedAt;
  private final Map<Metric, Map<String, Series>> metrics = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  /** The oldest window start this tenant's rows are complete from. */
  private volatile long coveredFrom;
  /** Every row emitted before this is here (rows emitted after it may be too). */
  private volatile long completeUntil;
  private volatile long lastReadAt;

  TenantRows(String tenant, long coveredFrom, long completeUntil, long now) {
    this.tenant = tenant;
    this.loadedAt = now;
    this.coveredFrom = coveredFrom;
    this.completeUntil = completeUntil;
    this.lastReadAt = now;
  }

  /** Keeps a row unless a newer version of it is here already. */
  void apply(RecentRow row) {
    if (row.windowStart() < coveredFrom) {
      return;
    }
    Series series = metrics
        .computeIfAbsent(new Metric(row.metric(), row.windowSpec()), m -> new ConcurrentHashMap<>())
        .computeIfAbsent(row.dimsHash(), h -> new Series(row.dims(), new ConcurrentSkipListMap<>()));
    long[] added = {0};
    series.windows().compute(row.windowStart(), (start, old) -> {
      if (old != null && old.version() > row.version()) {
        return old;
      }
      added[0] = row.bytes() - (old == null ? 0 : old.bytes());
      return row;
    });
    bytes.addAndGet(added[0]);
  }

  /**
   * Calls {@code visit} with each series of a metric's window spec and its windows that start in
   * [from, to).
   */
  void forEachSeries(String metric, String windowSpec, long from, long to,
      BiConsumer<Map<String, String>, Iterable<RecentRow>> visit) {
    Map<String, Series> all = metrics.get(new Metric(metric, windowSpec));
    if (all == null) {
      return;
    }
    for (Series series : all.values()) {
      NavigableMap<Long, RecentRow> windows = series.windows().subMap(from, true, to, false);
      if (!windows.isEmpty()) {
        visit.accept(series.dims(), windows.values());
      }
    }
  }

  /** Drops the windows that start before {@code from}. */
  void dropBefore(long from) {
    coveredFrom = Math.max(coveredFrom, from);
    long freed = 0;
    for (Map<String, Series> all : metrics.values()) {
      for (Series series : all.values()) {
        Iterator<RecentRow> old = series.windows().headMap(from, false).values().iterator();
        while (old.hasNext()) {
          freed += old.next().bytes();
          old.remove();
        }
      }
    }
    bytes.addAndGet(-freed);
  }

  long bytes() {
    return bytes.get();
  }

  long coveredFrom() {
    return coveredFrom;
  }

  long completeUntil() {
    return completeUntil;
  }

  void completeUntil(long emittedBefore) {
    completeUntil = Math.max(completeUntil, emittedBefore);
  }

  void read(long now) {
    lastReadAt = now;
  }

  long lastReadAt() {
    return lastReadAt;
  }
}
