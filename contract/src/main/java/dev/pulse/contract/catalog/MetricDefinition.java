package dev.pulse.contract.catalog;

import java.util.List;

/** One metric of the catalog. */
public record MetricDefinition(
    String name,
    String description,
    Aggregation aggregation,
    EventFilter filter,
    List<DimensionPath> dimensions) {

  public MetricDefinition {
    dimensions = List.copyOf(dimensions);
  }

  public boolean hasDimension(String path) {
    return dimensions.stream().anyMatch(d -> d.path().equals(path));
  }
}
