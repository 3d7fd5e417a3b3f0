package dev.pulse.preagg;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.functions.CatalogSource;
import dev.pulse.preagg.functions.Deduplicate;
import dev.pulse.preagg.functions.PreAggregateOperator;
import dev.pulse.preagg.functions.WindowAggregator;
import dev.pulse.preagg.records.Partial;
import dev.pulse.preagg.records.RawEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The pre-aggregation topology, source to sinks:
 *
 * <pre>
 * events.raw ─ watermarks ─ keyBy(event_id) ─ dedup ─ pre-aggregate ─ keyBy(series) ─ windows ─ metrics.agg
 *                                                                                        └─ beyond lateness ─ metrics.corrections
 * </pre>
 *
 * Tests build it with their own source and sinks; {@link PreaggJob} plugs in Kafka.
 */
public final class PreaggPipeline {
  private PreaggPipeline() {}

  public static void build(
      StreamExecutionEnvironment env,
      Source<RawEvent, ?, ?> events,
      Sink<AggregateRecord> aggregates,
      Sink<AggregateRecord> corrections,
      CatalogSource catalog,
      PreaggConfig.Aggregation settings) {
    DataStream<RawEvent> stream = env.fromSource(events, watermarks(settings), "events.raw").uid("events-source");
    SingleOutputStreamOperator<AggregateRecord> windows = aggregate(stream, catalog, settings);
    windows.sinkTo(aggregates).name("metrics.agg").uid("metrics-agg-sink");
    windows
        .getSideOutput(WindowAggregator.CORRECTIONS)
        .sinkTo(corrections)
        .name("metrics.corrections")
        .uid("metrics-corrections-sink");
  }

  /** Everything between the timestamped events and the aggregates. */
  public static SingleOutputStreamOperator<AggregateRecord> aggregate(
      DataStream<RawEvent> events, CatalogSource catalog, PreaggConfig.Aggregation settings) {
    return events
        .keyBy(event -> event.eventId)
        .process(new Deduplicate(settings.dedupTtl()))
        .name("dedup-by-event-id")
        .uid("dedup")
        .transform(
            "pre-aggregate",
            TypeInformation.of(Partial.class),
            new PreAggregateOperator(catalog, settings.maxBufferedPanes()))
        .uid("pre-aggregate")
        .keyBy(partial -> partial.seriesKey)
        .process(new WindowAggregator(settings.earlyFiringInterval(), settings.allowedLateness()))
        .name("windows")
        .uid("windows");
  }

  public static WatermarkStrategy<RawEvent> watermarks(PreaggConfig.Aggregation settings) {
    return WatermarkStrategy.<RawEvent>forBoundedOutOfOrderness(settings.outOfOrderness())
        .withTimestampAssigner((event, previous) -> event.eventTime)
        .withIdleness(settings.idleness());
  }
}
