package dev.pulse.alerting;

import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.events.Deduplicate;
import dev.pulse.aggregation.RawEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The alerting topology, independent of the pre-aggregation job (its own consumer group, state and
 * checkpoints), so alerts fire while that job is stopped or behind:
 *
 * <pre>
 * events.raw ─ decodable ─ keyBy(event_id) ─ dedup ─┬─ match rules ─ keyBy(rule, group) ─ evaluate ─ alerts
 * alerts.rules ─ broadcast ─────────────────────────┴────────────────────────────────────┘
 * </pre>
 *
 * Tests build it with their own sources and sink; {@link AlertingJob} plugs in Kafka.
 */
public final class AlertingPipeline {
  private AlertingPipeline() {}

  public static void build(
      StreamExecutionEnvironment env,
      Source<RawEvent, ?, ?> events,
      Source<String, ?, ?> rules,
      Sink<String> alerts,
      CatalogSource catalog,
      AlertingConfig.Evaluation settings) {
    BroadcastStream<String> ruleChanges =
        env.fromSource(rules, WatermarkStrategy.forGenerator(context -> new RulesNeverHoldTime()), "alerts.rules")
            .uid("rules-source")
            .setParallelism(1)
            .broadcast(RuleBook.RULES);
    DataStream<RawEvent> unique =
        env.fromSource(events, watermarks(settings), "events.raw")
            .uid("events-source")
            // Undecodable records reach events.dlq through the pre-aggregation job; here they count for nothing.
            .filter(event -> event.deadLetter == null)
            .name("decodable")
            .uid("decodable")
            .keyBy(event -> event.eventId)
            .process(new Deduplicate<>(settings.dedupTtl()))
            .name("dedup-by-event-id")
            .uid("dedup");
    unique
        .connect(ruleChanges)
        .process(new RuleMatcher(catalog))
        .name("match-rules")
        .uid("match-rules")
        .keyBy(RuleSample::windowKey)
        .connect(ruleChanges)
        .process(new RuleEvaluator())
        .name("evaluate-rules")
        .uid("evaluate-rules")
        .sinkTo(alerts)
        .name("alerts")
        .uid("alerts-sink");
  }

  static WatermarkStrategy<RawEvent> watermarks(AlertingConfig.Evaluation settings) {
    return WatermarkStrategy.<RawEvent>forGenerator(
            context -> new IdleAdvancingWatermarks(settings))
        .withTimestampAssigner((event, previous) -> event.eventTime);
  }
}
