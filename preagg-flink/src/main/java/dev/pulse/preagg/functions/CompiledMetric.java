package dev.pulse.preagg.functions;

import dev.pulse.contract.catalog.DimensionPath;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A catalog metric reduced to what the per-event hot path needs, and serializable for Flink. */
public final class CompiledMetric implements Serializable {
  private static final long serialVersionUID = 1L;

  final String name;
  final Set<String> eventTypes;
  final String[] dimNames;
  final String[] dimFields;
  final boolean[] dimIsProperty;

  private CompiledMetric(MetricDefinition metric) {
    this.name = metric.name();
    this.eventTypes = new HashSet<>(metric.filter().eventTypes());
    List<DimensionPath> dims = metric.dimensions();
    this.dimNames = dims.stream().map(DimensionPath::path).toArray(String[]::new);
    this.dimFields = dims.stream().map(DimensionPath::field).toArray(String[]::new);
    this.dimIsProperty = new boolean[dims.size()];
    for (int i = 0; i < dims.size(); i++) {
      dimIsProperty[i] = dims.get(i).isProperty();
    }
  }

  public static List<CompiledMetric> compile(MetricCatalog catalog) {
    return catalog.metrics().stream().map(CompiledMetric::new).toList();
  }

  boolean matches(String eventType) {
    return eventTypes.isEmpty() || eventTypes.contains(eventType);
  }
}
