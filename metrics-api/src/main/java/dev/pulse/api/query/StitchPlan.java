package dev.pulse.api.query;

import dev.pulse.api.api.MetricSeries;
import dev.pulse.contract.catalog.Tenants;
import dev.pulse.contract.history.Coverage;
import dev.pulse.contract.history.Coverage.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one read splits between history and the realtime table, from the coverage spans of its
 * metric: a window is read from history where a span of its tenant (or of every tenant) covers its
 * start, and from the realtime table everywhere else. The split is a SQL condition, added to the
 * history query as is and to the realtime query negated, so every window is read exactly once.
 */
final class StitchPlan {
  private final List<Span> spans;
  /** Per tenant ({@code *} for every tenant), its covered ranges merged and in order. */
  private final Map<String, List<long[]>> ranges;
  private final boolean coversWholeRange;

  private StitchPlan(List<Span> spans, Map<String, List<long[]>> ranges, boolean coversWholeRange) {
    this.spans = spans;
    this.ranges = ranges;
    this.coversWholeRange = coversWholeRange;
  }

  /**
   * @param tenant the one tenant the read can see (a tenant-scoped caller, or a filter on one
   *     tenant); empty when it reads several
   */
  static StitchPlan of(Coverage coverage, long from, long to, Optional<String> tenant) {
    List<Span> spans = coverage.overlapping(from, to).stream()
        .filter(s -> tenant.isEmpty() || s.appliesTo(tenant.get())).toList();
    Map<String, List<long[]>> ranges = new TreeMap<>();
    for (Span span : spans) {
      String key = tenant.isPresent() ? Coverage.ALL_TENANTS : span.tenant();
      ranges.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {Math.max(from, span.from()), Math.min(to, span.to())});
    }
    ranges.replaceAll((k, list) -> merge(list));
    List<long[]> everyone = ranges.getOrDefault(Coverage.ALL_TENANTS, List.of());
    boolean whole = everyone.size() == 1 && everyone.get(0)[0] <= from && everyone.get(0)[1] >= to;
    return new StitchPlan(spans, ranges, whole);
  }

  private static List<long[]> merge(List<long[]> list) {
    list.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] range : list) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && range[0] <= last[1]) {
        last[1] = Math.max(last[1], range[1]);
      } else {
        merged.add(range.clone());
      }
    }
    return merged;
  }

  boolean readsHistory() {
    return !ranges.isEmpty();
  }

  boolean readsRealtime() {
    return !coversWholeRange;
  }

  /** The windows history serves, as a SQL condition on a table that names dimensions as {@code dims} says. */
  String historyCondition(DimensionSql dims) {
    List<String> parts = new ArrayList<>();
    ranges.forEach((tenant, list) -> {
      String windows = windowCondition(list);
      parts.add(tenant.equals(Coverage.ALL_TENANTS) ? windows
          : "(" + dims.in(Tenants.DIMENSION.path(), List.of(tenant)) + " AND " + windows + ")");
    });
    return "(" + String.join(" OR ", parts) + ")";
  }

  String realtimeCondition(DimensionSql dims) {
    return "NOT " + historyCondition(dims);
  }

  private static String windowCondition(List<long[]> list) {
    List<String> ors = new ArrayList<>();
    for (long[] range : list) {
      ors.add("(window_start >= " + range[0] + " AND window_start < " + range[1] + ")");
    }
    return ors.size() == 1 ? ors.get(0) : "(" + String.join(" OR ", ors) + ")";
  }

  /** What the answer tells the reader: each span it stitched, and when that part was restated. */
  List<MetricSeries.Restated> restated() {
    return spans.stream().sorted((a, b) -> Long.compare(a.from(), b.from()))
        .map(s -> new MetricSeries.Restated(s.tenant(), Instant.ofEpochMilli(s.from()), Instant.ofEpochMilli(s.to()),
            Instant.ofEpochMilli(s.restatedAt())))
        .toList();
  }
}
