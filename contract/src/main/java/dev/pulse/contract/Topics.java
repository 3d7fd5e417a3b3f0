package dev.pulse.contract;

import java.util.List;
import java.util.Map;

/** The Kafka topics of the product, with what each one's key and value are. */
public final class Topics {

  /**
   * A topic with the settings its consumers rely on.
   *
   * @param partitionsMayGrow whether provisioning may add partitions to the existing topic: only
   *     where no consumer depends on which partition a key is in
   */
  public record TopicSpec(
      String name, int defaultPartitions, Map<String, String> configs, String doc, boolean partitionsMayGrow) {
    public TopicSpec(String name, int defaultPartitions, Map<String, String> configs, String doc) {
      this(name, defaultPartitions, configs, doc, false);
    }
  }

  /** The largest dead letter: a rejected body of the API's largest allowed size, and its metadata. */
  public static final int MAX_DLQ_RECORD_BYTES = 12 * 1024 * 1024;

  /**
   * Avro events in the Confluent wire format, keyed by event_id, so that one busy event type spreads
   * over every partition (and every source subtask of the jobs) instead of filling one. Nothing
   * downstream relies on which partition an event is in: dedup, windows and the archive key by what
   * they need themselves.
   */
  public static final TopicSpec EVENTS_RAW =
      new TopicSpec(
          "events.raw",
          6,
          Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000)),
          "Accepted events, Avro via the registry, key = event_id.",
          true);

  /** Rejected input with its original payload and the reason. */
  public static final TopicSpec EVENTS_DLQ =
      new TopicSpec(
          "events.dlq",
          1,
          Map.of(
              "cleanup.policy", "delete",
              "retention.ms", String.valueOf(30L * 24 * 3600 * 1000),
              // A whole rejected request body (up to the API's request limit) must fit.
              "max.message.bytes", String.valueOf(MAX_DLQ_RECORD_BYTES)),
          "Input that could not be accepted or processed, with its original payload (DeadLetter JSON).");

  /**
   * Window aggregates as JSON, keyed by the aggregate's primary key so that Pinot's upsert sees every
   * version of a key on one partition. Compaction keeps the newest version per key.
   */
  public static final TopicSpec METRICS_AGG =
      new TopicSpec(
          "metrics.agg",
          4,
          Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", String.valueOf(3600_000L)),
          "Pre-aggregated metric windows, JSON, key = metric|window_start|window_end|dims_hash.");

  /**
   * Contributions that arrived after their window's allowed lateness, with the window they belong
   * to: the served value no longer changes, so history is corrected from here. JSON, same key as
   * metrics.agg.
   */
  public static final TopicSpec METRICS_CORRECTIONS =
      new TopicSpec(
          "metrics.corrections",
          1,
          Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(30L * 24 * 3600 * 1000)),
          "Contributions beyond the allowed lateness, JSON, key = metric|window_start|window_end|dims_hash.");

  /**
   * Every alert rule's current state, JSON, keyed by rule id: the API writes each change, the
   * alerting job reads the whole topic and follows it. Compaction keeps the newest state per rule.
   */
  public static final TopicSpec ALERT_RULES =
      new TopicSpec(
          "alerts.rules",
          1,
          Map.of("cleanup.policy", "compact"),
          "Alert rules as they now stand (AlertRule JSON), key = rule id.");

  /**
   * FIRING and RESOLVED changes from the alerting job, JSON ({@code Alert}), keyed by rule id and
   * group so that one group's changes stay in order.
   */
  public static final TopicSpec ALERTS =
      new TopicSpec(
          "alerts",
          3,
          Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(30L * 24 * 3600 * 1000)),
          "Alert state changes (Alert JSON), key = rule_id:group_key.");

  public static final List<TopicSpec> ALL =
      List.of(EVENTS_RAW, EVENTS_DLQ, METRICS_AGG, METRICS_CORRECTIONS, ALERT_RULES, ALERTS);

  private Topics() {}
}
