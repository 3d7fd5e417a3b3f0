package dev.pulse.api.query;

import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated read of one metric in one of its window specs: windows starting in [from, to),
 * filtered to any of the listed values per dimension, broken down by the {@code groupBy} dimensions
 * and rolled up into buckets of {@code granularity}.
 *
 * @param tenant the only tenant the reader may see; empty for an admin, who sees every tenant
 */
public record MetricQuery(
    MetricDefinition metric,
    WindowSpec window,
    Instant from,
    Instant to,
    Map<String, List<String>> filters,
    List<String> groupBy,
    Duration granularity,
    Optional<String> tenant) {
  public MetricQuery {
    filters = Map.copyOf(filters);
    groupBy = List.copyOf(groupBy);
  }

  /** An unscoped query of single windows, neither grouped nor rolled up. */
  public static MetricQuery of(MetricDefinition metric, WindowSpec window, Instant from, Instant to, Map<String, List<String>> filters) {
    return new MetricQuery(metric, window, from, to, filters, List.of(), window.slide(), Optional.empty());
  }

  /** The start of the bucket a stored window falls in. */
  public long bucketOf(long windowStart) {
    long size = granularity.toMillis();
    return Math.floorDiv(windowStart, size) * size;
  }

  /** A bucket's end: a sliding window's point spans the window itself. */
  public long bucketEnd(long bucketStart) {
    return bucketStart + (window.isTumbling() ? granularity.toMillis() : window.sizeMillis());
  }

  /** Whether buckets are coarser than the stored windows, so several windows add up in one. */
  public boolean rollsUp() {
    return granularity.toMillis() != window.slideMillis();
  }
}
