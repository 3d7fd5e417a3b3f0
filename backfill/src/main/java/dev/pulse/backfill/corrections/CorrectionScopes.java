package dev.pulse.backfill.corrections;

import dev.pulse.backfill.corrections.CorrectionsTopic.Correction;
import dev.pulse.contract.catalog.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a batch of corrections asks history to restate: per metric and tenant, the hours their
 * windows start in, merged into ranges and cut at {@code settled} (windows after it are still the
 * streaming job's). A correction whose window is not settled yet stops its partition's watermark
 * there, so it is read again by the next merge rather than lost.
 *
 * <p>A merge restates from the archive instead of adding the correction's values to history: the
 * archive holds the late event itself, so a recount is exact whether or not the day was in history
 * before, and doing it twice gives the same rows.
 */
public final class CorrectionScopes {
  /** Window starts in [from, to) of one metric for one tenant. */
  public record Scope(String metric, String tenant, Instant from, Instant to) {}

  private final List<Scope> scopes;
  private final Watermark next;

  private CorrectionScopes(List<Scope> scopes, Watermark next) {
    this.scopes = scopes;
    this.next = next;
  }

  /**
   * @param read the corrections read, in offset order per partition
   * @param readTo where reading stopped (the topic's ends): the watermark if every correction is settled
   */
  public static CorrectionScopes of(List<Correction> read, Watermark readTo, Instant settled) {
    Map<Integer, Long> next = new HashMap<>(readTo.next());
    Map<Integer, Long> stoppedAt = new HashMap<>();
    Map<String, TreeSet<Instant>> hours = new TreeMap<>();
    for (Correction correction : read) {
      if (stoppedAt.containsKey(correction.partition())) {
        continue;
      }
      Instant start = Instant.ofEpochMilli(correction.row().windowStart());
      if (!start.isBefore(settled)) {
        stoppedAt.put(correction.partition(), correction.offset());
        continue;
      }
      String tenant = correction.row().dims().getOrDefault(Tenants.DIMENSION.path(), Tenants.DEFAULT);
      hours.computeIfAbsent(correction.row().metric() + "\u0000" + tenant, k -> new TreeSet<>())
          .add(start.truncatedTo(ChronoUnit.HOURS));
    }
    next.putAll(stoppedAt);
    List<Scope> scopes = new ArrayList<>();
    Instant cut = settled.truncatedTo(ChronoUnit.MINUTES);
    hours.forEach((key, starts) -> {
      String[] parts = key.split("\u0000");
      Instant from = null;
      Instant to = null;
      for (Instant hour : starts) {
        if (to != null && hour.equals(to)) {
          to = hour.plus(Duration.ofHours(1));
          continue;
        }
        if (from != null) {
          scopes.add(new Scope(parts[0], parts[1], from, min(to, cut)));
        }
        from = hour;
        to = hour.plus(Duration.ofHours(1));
      }
      scopes.add(new Scope(parts[0], parts[1], from, min(to, cut)));
    });
    return new CorrectionScopes(scopes, new Watermark(next));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  public List<Scope> scopes() {
    return scopes;
  }

  public Watermark next() {
    return next;
  }
}
