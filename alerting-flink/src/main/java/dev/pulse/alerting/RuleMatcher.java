package dev.pulse.alerting;

import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.contract.catalog.FieldPath;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.aggregation.CompiledMetric;
import dev.pulse.aggregation.RawEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each event into one sample per enabled rule it counts for: the event must belong to the
 * rule's metric (the catalog's filter) and match the rule's dimension filters. The sample is keyed
 * by the rule and the event's values of the rule's group_by dimensions.
 */
public class RuleMatcher extends BroadcastProcessFunction<RawEvent, String, RuleSample> {
  private final CatalogSource catalog;
  private transient RuleBook rules;
  private transient Map<String, CompiledMetric> metrics;
  private transient Counter unparsableValues;
  /** Rule dimension names parsed once, not for every event. */
  private transient Map<String, FieldPath> paths;

  public RuleMatcher(CatalogSource catalog) {
    this.catalog = catalog;
  }

  @Override
  public void open(OpenContext context) {
    rules = new RuleBook();
    paths = new HashMap<>();
    metrics = compile(catalog.current());
    unparsableValues = getRuntimeContext().getMetricGroup().counter("unparsableAlertValues");
  }

  @Override
  public void processElement(RawEvent event, ReadOnlyContext ctx, Collector<RuleSample> out) throws Exception {
    catalog.changed().ifPresent(newer -> metrics = compile(newer));
    for (AlertRule rule : rules.enabled(ctx.getBroadcastState(RuleBook.RULES))) {
      CompiledMetric metric = metrics.get(rule.metric());
      if (metric != null && metric.matches(event) && filtersMatch(rule, event)) {
        sample(rule, metric, event, out);
      }
    }
  }

  @Override
  public void processBroadcastElement(String ruleJson, Context ctx, Collector<RuleSample> out) throws Exception {
    RuleBook.apply(ruleJson, ctx.getBroadcastState(RuleBook.RULES));
  }

  private void sample(AlertRule rule, CompiledMetric metric, RawEvent event, Collector<RuleSample> out) {
    double numerator;
    double denominator = 0;
    if (metric.aggregation() == Aggregation.SUM) {
      String value = metric.valueOf(event);
      try {
        numerator = value == null ? 0 : Double.parseDouble(value);
      } catch (NumberFormatException e) {
        unparsableValues.inc(); // the pre-aggregation job dead-letters it; here it just adds nothing
        return;
      }
    } else if (metric.aggregation() == Aggregation.RATIO) {
      numerator = metric.inNumerator(event) ? 1 : 0;
      denominator = 1;
    } else {
      numerator = 1;
    }
    Map<String, String> group = groupValues(rule, event);
    Map<String, String> dimensions = new HashMap<>(rule.dimensions());
    dimensions.putAll(group);
    out.collect(new RuleSample(rule.id(), GroupKeys.of(group), dimensions, event.eventTime, numerator, denominator,
        metric.aggregation() == Aggregation.RATIO));
  }

  private boolean filtersMatch(AlertRule rule, RawEvent event) {
    for (Map.Entry<String, String> filter : rule.dimensions().entrySet()) {
      if (!filter.getValue().equals(CompiledMetric.field(event, path(filter.getKey())))) {
        return false;
      }
    }
    return true;
  }

  private Map<String, String> groupValues(AlertRule rule, RawEvent event) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String dimension : rule.groupBy()) {
      String value = CompiledMetric.field(event, path(dimension));
      values.put(dimension, value == null ? "" : value);
    }
    return values;
  }

  private FieldPath path(String dimension) {
    return paths.computeIfAbsent(dimension, FieldPath::parse);
  }

  private static Map<String, CompiledMetric> compile(MetricCatalog catalog) {
    Map<String, CompiledMetric> compiled = new HashMap<>();
    for (MetricDefinition metric : catalog.metrics()) {
      compiled.put(metric.name(), new CompiledMetric(metric));
    }
    return compiled;
  }
}
