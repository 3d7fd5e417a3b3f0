package dev.pulse.aggregation;

import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.contract.catalog.EventFilter;
import dev.pulse.contract.catalog.FieldPath;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import java.util.List;

/**
 * A catalog metric reduced to what the per-event path needs. Its parts are plain final fields, read
 * for every event by the jobs' aggregators in other packages.
 */
public final class CompiledMetric {
  public final String name;
  public final Aggregation aggregation;
  public final EventFilter filter;
  public final EventFilter numerator;
  public final FieldPath value;
  public final String[] dimNames;
  public final FieldPath[] dims;
  public final List<WindowSpec> windows;
  public final String[] windowIds;

  public CompiledMetric(MetricDefinition metric) {
    this.name = metric.name();
    this.aggregation = metric.aggregation();
    this.filter = metric.filter();
    this.numerator = metric.numerator();
    this.value = metric.value();
    this.dims = metric.dimensions().toArray(FieldPath[]::new);
    this.dimNames = metric.dimensions().stream().map(FieldPath::path).toArray(String[]::new);
    this.windows = metric.windows();
    this.windowIds = windows.stream().map(WindowSpec::id).toArray(String[]::new);
  }

  public Aggregation aggregation() {
    return aggregation;
  }

  /** The event's value of the aggregated field (sum metrics); null when absent. */
  public String valueOf(RawEvent event) {
    return field(event, value);
  }

  public boolean matches(RawEvent event) {
    return filter.matches(event.eventType, event.properties::get);
  }

  public boolean inNumerator(RawEvent event) {
    return numerator != null && numerator.matches(event.eventType, event.properties::get);
  }

  /** The event's value of a field: an envelope field or a property; null when absent. */
  public static String field(RawEvent event, FieldPath path) {
    if (path.isProperty()) {
      return event.properties.get(path.field());
    }
    return switch (path.field()) {
      case "source" -> event.source;
      case "event_type" -> event.eventType;
      case "user_id" -> event.userId;
      case "tenant" -> event.tenant;
      default -> throw new IllegalArgumentException("not an envelope field: " + path);
    };
  }
}
