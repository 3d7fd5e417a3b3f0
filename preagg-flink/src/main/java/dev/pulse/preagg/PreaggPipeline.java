package dev.pulse.preagg;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.events.Deduplicate;
import dev.pulse.flink.events.EventIdFingerprint;
import dev.pulse.aggregation.RawEvent;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.faults.DropShare;
import dev.pulse.preagg.functions.PreAggregateOperator;
import dev.pulse.preagg.functions.RouteDeadLetters;
import dev.pulse.preagg.functions.WindowAggregator;
import dev.pulse.preagg.functions.WindowOperator;
import dev.pulse.aggregation.Partial;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-aggregation topology, source to sinks:
 *
 * <pre>
 * events.raw ─ watermarks ─ route ─ keyBy(event_id) ─ dedup ─ pre-aggregate ─ keyBy(series) ─ windows ─ metrics.agg
 *                             │                                 │                                └─ beyond lateness ─ metrics.corrections
 *                             └ undecodable ─────────────────────┴ processing failed ─ events.dlq
 * </pre>
 *
 * Tests build it with their own source and sinks; {@link PreaggJob} plugs in Kafka.
 */
public final class PreaggPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(PreaggPipeline.class);

  private PreaggPipeline() {}

  public static void build(
      StreamExecutionEnvironment env,
      Source<RawEvent, ?, ?> events,
      Sink<AggregateRecord> aggregates,
      Sink<AggregateRecord> corrections,
      Sink<String> deadLetters,
      CatalogSource catalog,
      PreaggConfig.Aggregation settings,
      PreaggConfig.Faults faults) {
    SingleOutputStreamOperator<RawEvent> decoded =
        env.fromSource(events, watermarks(settings), "events.raw")
            .uid("events-source")
            .process(new RouteDeadLetters())
            .name("route-dead-letters")
            .uid("route-dead-letters");
    Aggregated aggregated = aggregate(withFaults(decoded, faults), catalog, settings);
    aggregated.windows().sinkTo(aggregates).name("metrics.agg").uid("metrics-agg-sink");
    aggregated
        .windows()
        .getSideOutput(WindowAggregator.CORRECTIONS)
        .sinkTo(corrections)
        .name("metrics.corrections")
        .uid("metrics-corrections-sink");
    decoded
        .getSideOutput(RouteDeadLetters.DEAD_LETTERS)
        .union(aggregated.deadLetters())
        .sinkTo(deadLetters)
        .name("events.dlq")
        .uid("events-dlq-sink");
  }

  private static DataStream<RawEvent> withFaults(DataStream<RawEvent> decoded, PreaggConfig.Faults faults) {
    if (faults.dropShare() == 0) {
      return decoded;
    }
    LOG.warn("FAULT INJECTED: {} of the events are dropped before aggregation (faults.dropShare; tests only)",
        faults.dropShare());
    return decoded.filter(new DropShare(faults.dropShare())).name("fault-drop-share").uid("fault-drop-share");
  }

  /** The aggregates, and the events that failed to aggregate (DeadLetter JSON). */
  public record Aggregated(SingleOutputStreamOperator<AggregateRecord> windows, DataStream<String> deadLetters) {}

  /** Everything between the timestamped events and the aggregates. */
  public static Aggregated aggregate(DataStream<RawEvent> events, CatalogSource catalog, PreaggConfig.Aggregation settings) {
    return aggregateDistinct(deduplicate(events, settings), catalog, settings);
  }

  /** The first event of each event_id; retried submits and replays go no further. */
  public static SingleOutputStreamOperator<RawEvent> deduplicate(DataStream<RawEvent> events, PreaggConfig.Aggregation settings) {
    return events
        .keyBy(new EventIdFingerprint())
        .process(new Deduplicate<>(settings.dedupTtl()))
        .name("dedup-by-event-id")
        // Renamed when the key became a fingerprint: state keyed by the id string cannot be read.
        .uid("dedup-fingerprint");
  }

  /**
   * Pre-aggregates events already free of duplicates in the task that deduplicated them, then
   * shuffles the partials by series into the windows.
   */
  public static Aggregated aggregateDistinct(DataStream<RawEvent> distinct, CatalogSource catalog, PreaggConfig.Aggregation settings) {
    SingleOutputStreamOperator<Partial> partials =
        distinct
            .transform(
                "pre-aggregate",
                TypeInformation.of(Partial.class),
                new PreAggregateOperator(catalog, settings.maxBufferedPanes()))
            .uid("pre-aggregate");
    SingleOutputStreamOperator<AggregateRecord> windows =
        partials
            .keyBy(partial -> partial.seriesKey)
            .transform(
                "windows",
                TypeInformation.of(AggregateRecord.class),
                new WindowOperator(new WindowAggregator(settings.allowedLateness())))
            .uid("windows");
    return new Aggregated(windows, partials.getSideOutput(RouteDeadLetters.DEAD_LETTERS));
  }

  public static WatermarkStrategy<RawEvent> watermarks(PreaggConfig.Aggregation settings) {
    return WatermarkStrategy.<RawEvent>forBoundedOutOfOrderness(settings.outOfOrderness())
        .withTimestampAssigner((event, previous) -> event.eventTime)
        .withIdleness(settings.idleness());
  }
}
