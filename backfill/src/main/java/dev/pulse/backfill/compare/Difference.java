package dev.pulse.backfill.compare;

import dev.pulse.backfill.compare.ServedRows.Served;
import dev.pulse.contract.aggregate.AggregateRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Served against recounted, for one metric and day: how many windows a restatement would change,
 * add or remove, and the events each side counts in the metric's first window spec (every event
 * once: sliding windows count each event several times).
 */
public record Difference(String metric, String day, int served, int recounted, int changed, int added, int removed,
    long eventsServed, long eventsRecounted) {

  public boolean isNone() {
    return changed == 0 && added == 0 && removed == 0;
  }

  public static Difference of(String metric, String day, String firstWindowSpec, Map<WindowKey, Served> served,
      List<AggregateRecord> recount) {
    Map<WindowKey, AggregateRecord> recounted = new HashMap<>();
    recount.forEach(r -> recounted.put(new WindowKey(r.windowSpec(), r.windowStart(), r.dimsHash()), r));
    int changed = 0;
    int added = 0;
    long eventsServed = 0;
    long eventsRecounted = 0;
    for (Map.Entry<WindowKey, AggregateRecord> entry : recounted.entrySet()) {
      Served now = served.get(entry.getKey());
      if (now == null) {
        added++;
      } else if (!same(now.value(), entry.getValue().value()) || now.events() != entry.getValue().eventCount()) {
        changed++;
      }
      if (entry.getKey().windowSpec().equals(firstWindowSpec)) {
        eventsRecounted += entry.getValue().eventCount();
      }
    }
    int removed = 0;
    for (Map.Entry<WindowKey, Served> entry : served.entrySet()) {
      if (!recounted.containsKey(entry.getKey())) {
        removed++;
      }
      if (entry.getKey().windowSpec().equals(firstWindowSpec)) {
        eventsServed += entry.getValue().events();
      }
    }
    return new Difference(metric, day, served.size(), recounted.size(), changed, added, removed, eventsServed, eventsRecounted);
  }

  /** Equal to the last bit a double-to-JSON round trip keeps. */
  private static boolean same(double a, double b) {
    return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }

  public static String header() {
    return String.format("%-28s %-10s %9s %9s %8s %6s %8s %12s %12s", "metric", "day", "served", "recounted", "changed",
        "added", "removed", "events now", "events new");
  }

  public String line() {
    return String.format("%-28s %-10s %9d %9d %8d %6d %8d %12d %12d", metric, day, served, recounted, changed, added,
        removed, eventsServed, eventsRecounted);
  }
}
