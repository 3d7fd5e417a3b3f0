package dev.pulse.preagg;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.functions.CompiledMetric;
import dev.pulse.preagg.functions.EarlyFiringTrigger;
import dev.pulse.preagg.functions.EmitWindowAggregate;
import dev.pulse.preagg.functions.LateEventReporter;
import dev.pulse.preagg.functions.MetricExtractor;
import dev.pulse.preagg.functions.SeriesAggregate;
import dev.pulse.preagg.records.MetricContribution;
import dev.pulse.preagg.records.RawEvent;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The pre-aggregation topology, source to sink. Tests build it with their own source and sink;
 * {@link PreaggJob} plugs in Kafka.
 */
public final class PreaggPipeline {
  static final OutputTag<MetricContribution> BEYOND_LATENESS =
      new OutputTag<>("beyond-allowed-lateness") {};

  private PreaggPipeline() {}

  public static void build(
      StreamExecutionEnvironment env,
      Source<RawEvent, ?, ?> events,
      Sink<AggregateRecord> aggregates,
      List<CompiledMetric> metrics,
      PreaggConfig.Aggregation settings) {
    DataStream<RawEvent> stream =
        env.fromSource(events, watermarks(settings), "events.raw").uid("events-source");
    aggregate(stream, metrics, settings)
        .sinkTo(aggregates)
        .name("metrics.agg")
        .uid("metrics-agg-sink");
  }

  /** Everything between the timestamped events and the aggregates, for tests to drive directly. */
  static SingleOutputStreamOperator<AggregateRecord> aggregate(
      DataStream<RawEvent> events, List<CompiledMetric> metrics, PreaggConfig.Aggregation settings) {
    SingleOutputStreamOperator<AggregateRecord> windows =
        events
            .flatMap(new MetricExtractor(metrics))
            .name("extract-metrics")
            .uid("extract-metrics")
            .keyBy(MetricContribution::seriesKey)
            .window(TumblingEventTimeWindows.of(settings.windowSize()))
            .allowedLateness(settings.allowedLateness())
            .sideOutputLateData(BEYOND_LATENESS)
            .trigger(EarlyFiringTrigger.every(settings.earlyFiringInterval()))
            .aggregate(new SeriesAggregate(), new EmitWindowAggregate())
            .name("window-aggregate")
            .uid("window-aggregate");
    windows
        .getSideOutput(BEYOND_LATENESS)
        .process(new LateEventReporter())
        .name("report-beyond-lateness")
        .uid("report-beyond-lateness");
    return windows;
  }

  static WatermarkStrategy<RawEvent> watermarks(PreaggConfig.Aggregation settings) {
    return WatermarkStrategy.<RawEvent>forBoundedOutOfOrderness(settings.outOfOrderness())
        .withTimestampAssigner((event, previous) -> event.serverTimestamp)
        .withIdleness(settings.idleness());
  }
}
