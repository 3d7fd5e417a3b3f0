package dev.pulse.preagg.functions;

import dev.pulse.preagg.records.MetricContribution;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes contributions that arrive after their window's allowed lateness visible instead of letting
 * the window operator drop them: each is logged and counted ({@code contributionsBeyondLateness}).
 * Routing them to a corrections topic is the pre-aggregation issue's corrections path.
 */
public class LateEventReporter extends ProcessFunction<MetricContribution, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(LateEventReporter.class);
  private transient Counter beyondLateness;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    beyondLateness = getRuntimeContext().getMetricGroup().counter("contributionsBeyondLateness");
  }

  @Override
  public void processElement(MetricContribution late, Context ctx, Collector<Void> out) {
    beyondLateness.inc();
    LOG.warn("Contribution beyond allowed lateness, not aggregated: {} at {}", late, late.eventTimestamp);
  }
}
