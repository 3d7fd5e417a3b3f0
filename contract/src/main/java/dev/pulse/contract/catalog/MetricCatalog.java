package dev.pulse.contract.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The metrics the product computes and serves, in catalog order. */
public final class MetricCatalog {
  static final String DEFAULT_RESOURCE = "/pulse/catalog/metric-catalog.yml";

  private final Map<String, MetricDefinition> byName;

  MetricCatalog(List<MetricDefinition> metrics) {
    Map<String, MetricDefinition> map = new LinkedHashMap<>();
    metrics.forEach(m -> map.put(m.name(), m));
    this.byName = map;
  }

  /** The catalog shipped in this jar. */
  public static MetricCatalog loadDefault() {
    return CatalogLoader.fromResource(DEFAULT_RESOURCE);
  }

  /** The same catalog with only the metrics named (all of them when none are). */
  public MetricCatalog only(java.util.Collection<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    return new MetricCatalog(byName.values().stream().filter(m -> names.contains(m.name())).toList());
  }

  public List<MetricDefinition> metrics() {
    return List.copyOf(byName.values());
  }

  public Optional<MetricDefinition> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }
}
