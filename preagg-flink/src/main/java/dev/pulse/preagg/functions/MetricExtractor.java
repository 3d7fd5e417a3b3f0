package dev.pulse.preagg.functions;

import dev.pulse.preagg.records.MetricContribution;
import dev.pulse.preagg.records.RawEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns an event into one contribution per catalog metric that counts it. A dimension the event does
 * not carry gets the empty string, so every series of a metric has the same dimension keys.
 */
public class MetricExtractor implements FlatMapFunction<RawEvent, MetricContribution> {
  static final String MISSING = "";

  private final List<CompiledMetric> metrics;

  public MetricExtractor(List<CompiledMetric> metrics) {
    this.metrics = new ArrayList<>(metrics);
  }

  @Override
  public void flatMap(RawEvent event, Collector<MetricContribution> out) {
    for (CompiledMetric metric : metrics) {
      if (metric.matches(event.eventType)) {
        out.collect(
            new MetricContribution(
                metric.name, metric.dimNames, dimValues(metric, event), 1.0, event.serverTimestamp));
      }
    }
  }

  private static String[] dimValues(CompiledMetric metric, RawEvent event) {
    String[] values = new String[metric.dimFields.length];
    for (int i = 0; i < values.length; i++) {
      String value =
          metric.dimIsProperty[i]
              ? event.properties.get(metric.dimFields[i])
              : envelopeField(event, metric.dimFields[i]);
      values[i] = value == null ? MISSING : value;
    }
    return values;
  }

  private static String envelopeField(RawEvent event, String field) {
    return switch (field) {
      case "source" -> event.source;
      case "event_type" -> event.eventType;
      case "user_id" -> event.userId;
      default -> throw new IllegalArgumentException("not an envelope dimension: " + field);
    };
  }
}
