package dev.pulse.api.query;

import dev.pulse.api.admission.Admission;
import dev.pulse.api.api.MetricSeries;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a read of one tenant's realtime windows from {@link RecentRows}, the way
 * {@link MetricReader} answers it from Pinot: the same filters (a series without a filtered
 * dimension has it as ""), groups, buckets, limits and answer.
 */
final class RecentReader {
  private final RecentRows rows;
  private final QueryLimits limits;
  private final Clock clock;
  private final Admission admission;

  /** @param admission the reads from memory that may run at once (each takes a core while it runs) */
  RecentReader(RecentRows rows, QueryLimits limits, Clock clock, Admission admission) {
    this.rows = rows;
    this.limits = limits;
    this.clock = clock;
    this.admission = admission;
  }

  /**
   * The answer from memory, or empty when the read has to go to Pinot.
   *
   * @throws Admission.AtCapacityException when the reads from memory in progress keep it waiting too long
   */
  Optional<MetricSeries> read(MetricQuery query, Optional<String> tenant) {
    Optional<TenantRows> held = tenant.flatMap(t -> rows.serving(t, query.from().toEpochMilli()));
    if (held.isEmpty()) {
      return Optional.empty();
    }
    try (Admission.Place place = admission.enter()) {
      return Optional.of(answer(query, held.get()));
    }
  }

  private MetricSeries answer(MetricQuery query, TenantRows held) {
    SeriesBuilder series = new SeriesBuilder(query, limits.maxGroups());
    if (query.metric().aggregation().keepsSketch()) {
      addSketches(query, held, series);
    } else {
      addSums(query, held, series);
    }
    return series.build(clock.instant(), "realtime", null);
  }

  /** Each row's sketch merged into its bucket and group, as the Pinot path merges the rows it fetched. */
  private void addSketches(MetricQuery query, TenantRows held, SeriesBuilder series) {
    int[] merged = {0};
    held.forEachSeries(query.metric().name(), query.window().id(), query.from().toEpochMilli(),
        query.to().toEpochMilli(), (dims, rows) -> {
          if (!matches(dims, query.filters())) {
            return;
          }
          List<String> group = groupOf(dims, query.groupBy());
          for (RecentRow row : rows) {
            if (++merged[0] > limits.maxSketchRows()) {
              throw MetricReader.tooManyRows(limits);
            }
            series.add(group, query.bucketOf(row.windowStart()), row.isFinal(), row.windowEnd(), row.emittedAt(), false,
                rollup -> rollup.addSketch(row.sketch(), row.eventCount()));
          }
        });
  }

  /**
   * Rows summed per group and bucket first, as Pinot's GROUP BY does, then handed over one cell at
   * a time: a read walks thousands of rows, and a cell per row would cost the builder's map lookups
   * for each.
   */
  private static void addSums(MetricQuery query, TenantRows held, SeriesBuilder series) {
    long size = query.granularity().toMillis();
    long first = query.bucketOf(query.from().toEpochMilli());
    int buckets = (int) ((query.to().toEpochMilli() - first) / size) + 2;
    Map<List<String>, Cell[]> groups = new HashMap<>();
    held.forEachSeries(query.metric().name(), query.window().id(), query.from().toEpochMilli(),
        query.to().toEpochMilli(), (dims, rows) -> {
          if (!matches(dims, query.filters())) {
            return;
          }
          Cell[] cells = groups.computeIfAbsent(groupOf(dims, query.groupBy()), g -> new Cell[buckets]);
          for (RecentRow row : rows) {
            int bucket = (int) ((query.bucketOf(row.windowStart()) - first) / size);
            Cell cell = cells[bucket];
            if (cell == null) {
              cell = cells[bucket] = new Cell();
            }
            cell.add(row);
          }
        });
    groups.forEach((group, cells) -> {
      for (int b = 0; b < cells.length; b++) {
        Cell cell = cells[b];
        if (cell != null) {
          series.add(group, first + b * size, cell.allFinal, cell.lastWindowEnd, cell.newestEmission, false,
              rollup -> rollup.addRows(cell.sum, cell.min, cell.max, cell.numerator, cell.denominator, cell.events));
        }
      }
    });
  }

  /** The rows of one group and bucket, added up. */
  private static final class Cell {
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double numerator;
    double denominator;
    long events;
    boolean allFinal = true;
    long lastWindowEnd = Long.MIN_VALUE;
    long newestEmission = Long.MIN_VALUE;

    void add(RecentRow row) {
      sum += row.value();
      min = Math.min(min, row.value());
      max = Math.max(max, row.value());
      numerator += row.numerator();
      denominator += row.denominator();
      events += row.eventCount();
      allFinal &= row.isFinal();
      lastWindowEnd = Math.max(lastWindowEnd, row.windowEnd());
      newestEmission = Math.max(newestEmission, row.emittedAt());
    }
  }

  private static boolean matches(Map<String, String> dims, Map<String, List<String>> filters) {
    for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
      if (!filter.getValue().contains(dims.getOrDefault(filter.getKey(), ""))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> groupOf(Map<String, String> dims, List<String> groupBy) {
    if (groupBy.isEmpty()) {
      return List.of();
    }
    if (groupBy.size() == 1) {
      return List.of(dims.getOrDefault(groupBy.get(0), ""));
    }
    List<String> group = new ArrayList<>(groupBy.size());
    for (String dimension : groupBy) {
      group.add(dims.getOrDefault(dimension, ""));
    }
    return group;
  }
}
