package dev.pulse.preagg.functions;

import dev.pulse.preagg.records.MetricContribution;
import dev.pulse.preagg.records.SeriesAccumulator;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a series' contributions in a window into its value and event count. */
public class SeriesAggregate
    implements AggregateFunction<MetricContribution, SeriesAccumulator, SeriesAccumulator> {

  @Override
  public SeriesAccumulator createAccumulator() {
    return new SeriesAccumulator();
  }

  @Override
  public SeriesAccumulator add(MetricContribution contribution, SeriesAccumulator acc) {
    if (acc.isEmpty()) {
      acc.metric = contribution.metric;
      acc.dimNames = contribution.dimNames;
      acc.dimValues = contribution.dimValues;
    }
    acc.value += contribution.amount;
    acc.eventCount++;
    return acc;
  }

  @Override
  public SeriesAccumulator getResult(SeriesAccumulator acc) {
    return acc;
  }

  @Override
  public SeriesAccumulator merge(SeriesAccumulator a, SeriesAccumulator b) {
    if (a.isEmpty()) {
      return b;
    }
    a.value += b.value;
    a.eventCount += b.eventCount;
    return a;
  }
}
