package dev.pulse.api.core;

import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import java.time.Instant;
import java.util.Map;

/**
 * A validated read of one metric in one of its window specs: windows starting in [from, to),
 * filtered by dimension values.
 */
public record MetricQuery(
    MetricDefinition metric, WindowSpec window, Instant from, Instant to, Map<String, String> filters) {
  public MetricQuery {
    filters = Map.copyOf(filters);
  }
}
