package dev.pulse.contract.catalog;

import java.util.List;
import java.util.Optional;

/**
 * One metric of the catalog.
 *
 * @param value the field aggregated, for aggregations that read one (null for count and ratio)
 * @param numerator for ratios, which of the metric's events count above the line
 */
public record MetricDefinition(
    String name,
    String description,
    Aggregation aggregation,
    FieldPath value,
    EventFilter filter,
    EventFilter numerator,
    List<FieldPath> dimensions,
    List<WindowSpec> windows) {

  public MetricDefinition {
    dimensions = List.copyOf(dimensions);
    windows = List.copyOf(windows);
  }

  public boolean hasDimension(String path) {
    return dimensions.stream().anyMatch(d -> d.path().equals(path));
  }

  public Optional<WindowSpec> window(String id) {
    return windows.stream().filter(w -> w.id().equals(id)).findFirst();
  }
}
