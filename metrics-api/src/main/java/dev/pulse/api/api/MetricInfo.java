package dev.pulse.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.contract.catalog.FieldPath;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import java.util.List;

/** One metric of the catalog as GET /v1/metrics lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricInfo(
    @JsonProperty("name") String name,
    @JsonProperty("aggregation") String aggregation,
    @JsonProperty("dimensions") List<String> dimensions,
    @JsonProperty("windows") List<String> windows,
    @JsonProperty("description") String description) {

  public static MetricInfo of(MetricDefinition metric) {
    return new MetricInfo(
        metric.name(),
        metric.aggregation().label(),
        metric.dimensions().stream().map(FieldPath::path).toList(),
        metric.windows().stream().map(WindowSpec::id).toList(),
        metric.description());
  }
}
