package dev.pulse.api.query;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One tenant's realtime rows from {@code coveredFrom} on, per metric and window spec, by window
 * start, each the newest version seen of its (window, dimensions). Reads walk it while the feed
 * writes to it: a read sees every row either before or after an update, as it would in Pinot's
 * consuming segment.
 */
final class TenantRows {
  private record Series(String metric, String windowSpec) {}

  final String tenant;
  private final Map<Series, ConcurrentSkipListMap<Long, Map<String, RecentRow>>> series = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  /** The oldest window start this tenant's rows are complete from. */
  private volatile long coveredFrom;
  /** Every row emitted before this is here (rows emitted after it may be too). */
  private volatile long completeUntil;
  private volatile long lastReadAt;
  final long loadedAt;

  TenantRows(String tenant, long coveredFrom, long completeUntil, long now) {
    this.tenant = tenant;
    this.loadedAt = now;
    this.coveredFrom = coveredFrom;
    this.completeUntil = completeUntil;
    this.lastReadAt = now;
  }

  /** Keeps a row unless a newer version of it is here already; returns the bytes it added. */
  long apply(RecentRow row) {
    if (row.windowStart() < coveredFrom) {
      return 0;
    }
    Map<String, RecentRow> window = series
        .computeIfAbsent(new Series(row.metric(), row.windowSpec()), s -> new ConcurrentSkipListMap<>())
        .computeIfAbsent(row.windowStart(), w -> new ConcurrentHashMap<>());
    long[] added = {0};
    window.compute(row.dimsHash(), (hash, old) -> {
      if (old != null && old.version() > row.version()) {
        return old;
      }
      added[0] = row.bytes() - (old == null ? 0 : old.bytes());
      return row;
    });
    bytes.addAndGet(added[0]);
    return added[0];
  }

  /** Calls {@code visit} with each row of a metric's window spec whose window starts in [from, to). */
  void forEach(String metric, String windowSpec, long from, long to, Consumer<RecentRow> visit) {
    NavigableMap<Long, Map<String, RecentRow>> windows = series.get(new Series(metric, windowSpec));
    if (windows == null) {
      return;
    }
    for (Map<String, RecentRow> window : windows.subMap(from, true, to, false).values()) {
      window.values().forEach(visit);
    }
  }

  /** Drops the windows that start before {@code from}; returns the bytes freed. */
  long dropBefore(long from) {
    coveredFrom = Math.max(coveredFrom, from);
    long freed = 0;
    for (ConcurrentSkipListMap<Long, Map<String, RecentRow>> windows : series.values()) {
      Iterator<Map<String, RecentRow>> old = windows.headMap(from, false).values().iterator();
      while (old.hasNext()) {
        for (RecentRow row : old.next().values()) {
          freed += row.bytes();
        }
        old.remove();
      }
    }
    bytes.addAndGet(-freed);
    return freed;
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
