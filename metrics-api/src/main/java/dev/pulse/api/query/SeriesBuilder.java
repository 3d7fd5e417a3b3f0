package dev.pulse.api.query;

import dev.pulse.api.api.MetricSeries;
import dev.pulse.contract.catalog.Aggregation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Gathers the rows of a read into buckets per group and builds the answer. A bucket is final when
 * all its rows are and the newest final window of the answer reaches its end, so a coarse bucket
 * still filling up is never called final because its first minutes are.
 */
final class SeriesBuilder {
  private final MetricQuery query;
  private final Aggregation kind;
  private final int maxGroups;
  private final Map<List<String>, Map<Long, Cell>> groups = new LinkedHashMap<>();
  private long finalFrontier = Long.MIN_VALUE;
  private long newestEmission = Long.MIN_VALUE;

  private static final class Cell {
    final Rollup rollup;
    boolean allFinal = true;
    /** The newest restatement among the cell's history rows; none when all came from realtime. */
    long restatedAt = Long.MIN_VALUE;

    Cell(Aggregation kind) {
      rollup = new Rollup(kind);
    }
  }

  SeriesBuilder(MetricQuery query, int maxGroups) {
    this.query = query;
    this.kind = query.metric().aggregation();
    this.maxGroups = maxGroups;
  }

  /** Adds rows of one bucket and group; {@code lastWindowEnd} is the latest window end among them. */
  void add(List<String> group, long bucket, boolean allFinal, long lastWindowEnd, long emittedAt, boolean restated,
      Consumer<Rollup> values) {
    Map<Long, Cell> buckets = groups.get(group);
    if (buckets == null) {
      if (groups.size() == maxGroups) {
        throw new QueryLimitException("group_by " + String.join(",", query.groupBy()) + " has more than "
            + maxGroups + " groups (query.maxGroups); add a dimensions filter or group by fewer dimensions");
      }
      buckets = new TreeMap<>();
      groups.put(List.copyOf(group), buckets);
    }
    Cell cell = buckets.computeIfAbsent(bucket, b -> new Cell(kind));
    values.accept(cell.rollup);
    cell.allFinal &= allFinal;
    if (restated) {
      cell.restatedAt = Math.max(cell.restatedAt, emittedAt);
    }
    if (allFinal) {
      finalFrontier = Math.max(finalFrontier, lastWindowEnd);
    }
    newestEmission = Math.max(newestEmission, emittedAt);
  }

  MetricSeries build(Instant now, String source, List<MetricSeries.Restated> restated) {
    Map<Long, Cell> overall = new TreeMap<>();
    List<GroupCells> grouped = new ArrayList<>();
    groups.forEach((values, buckets) -> {
      buckets.forEach((start, cell) -> {
        Cell sum = overall.computeIfAbsent(start, s -> new Cell(kind));
        sum.rollup.addAll(cell.rollup);
        sum.allFinal &= cell.allFinal;
        sum.restatedAt = Math.max(sum.restatedAt, cell.restatedAt);
      });
      grouped.add(new GroupCells(dimensions(values), buckets, total(buckets)));
    });
    grouped.sort(LARGEST_FIRST);
    Rollup total = total(overall);
    boolean isGrouped = !query.groupBy().isEmpty();
    return new MetricSeries(
        query.metric().name(),
        kind.label(),
        query.window().id(),
        Granularity.format(query.granularity()),
        query.from(),
        query.to(),
        new TreeMap<>(query.filters()),
        isGrouped ? query.groupBy() : null,
        source,
        newestEmission == Long.MIN_VALUE ? null : Math.max(0, now.toEpochMilli() - newestEmission),
        isGrouped ? groupWindows(grouped) : windows(overall, fixedByFilters()),
        total.valueOrNull(),
        total.percentiles(),
        isGrouped ? windows(overall, fixedByFilters()) : null,
        isGrouped ? summaries(grouped) : null,
        restated);
  }

  /** A group's values and buckets, with its total for ordering. */
  private record GroupCells(Map<String, String> dimensions, Map<Long, Cell> buckets, Rollup total) {}

  /** Largest total first; equal totals by their values, so the order never depends on Pinot's. */
  private static final Comparator<GroupCells> LARGEST_FIRST = Comparator
      .comparingDouble((GroupCells g) -> g.total().value()).reversed()
      .thenComparing(g -> String.join("\u0000", g.dimensions().values()));

  private List<MetricSeries.Window> groupWindows(List<GroupCells> grouped) {
    Map<String, String> fixed = fixedByFilters();
    List<MetricSeries.Window> out = new ArrayList<>();
    for (GroupCells group : grouped) {
      Map<String, String> dims = new TreeMap<>(fixed);
      dims.putAll(group.dimensions());
      out.addAll(windows(group.buckets(), dims));
    }
    return out;
  }

  private static List<MetricSeries.Group> summaries(List<GroupCells> grouped) {
    return grouped.stream()
        .map(g -> new MetricSeries.Group(g.dimensions(), g.total().value(), g.total().events(), g.total().percentiles()))
        .toList();
  }

  /** The dimensions a filter pins to one value; a filter that allows several pins none. */
  private Map<String, String> fixedByFilters() {
    Map<String, String> fixed = new TreeMap<>();
    query.filters().forEach((dimension, values) -> {
      if (values.size() == 1) {
        fixed.put(dimension, values.get(0));
      }
    });
    return fixed;
  }

  private Rollup total(Map<Long, Cell> buckets) {
    Rollup total = new Rollup(kind);
    buckets.values().forEach(cell -> total.addAll(cell.rollup));
    return total;
  }

  private List<MetricSeries.Window> windows(Map<Long, Cell> cells, Map<String, String> dimensions) {
    Map<String, String> dims = Collections.unmodifiableMap(new TreeMap<>(dimensions));
    List<MetricSeries.Window> out = new ArrayList<>(cells.size());
    cells.forEach((start, cell) -> {
      long end = query.bucketEnd(start);
      out.add(new MetricSeries.Window(
          Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), cell.rollup.value(), dims, cell.rollup.events(),
          cell.allFinal && end <= finalFrontier, cell.rollup.percentiles(),
          cell.restatedAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(cell.restatedAt)));
    });
    return out;
  }

  private Map<String, String> dimensions(List<String> values) {
    Map<String, String> dims = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      dims.put(query.groupBy().get(i), values.get(i));
    }
    return dims;
  }
}
