package dev.pulse.monitor.lag;

import dev.pulse.monitor.probe.Probe;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag of each consumer group on each partition it has committed offsets for, in records and in
 * seconds (names as kafka_exporter and kafka-lag-exporter use them).
 *
 * <p>The Flink jobs commit offsets only when a checkpoint completes, so a healthy job's lag is a
 * sawtooth of up to one checkpoint interval; alert on the seconds, not on a raw count. The
 * seconds are the age of the oldest record not yet committed, so a transaction marker that the
 * committed offset points at (a lag of 1 forever on a transactional topic) counts as no lag.
 */
public class ConsumerLagProbe implements Probe {
  private final Admin admin;
  private final List<String> groups;
  private final TopicEnds ends;
  private final RecordTimes times;
  private final Duration timeout;
  private final Clock clock;
  private final Gauge lag;
  private final Gauge lagSeconds;
  private final Gauge committed;
  private final Gauge end;

  public ConsumerLagProbe(Admin admin, List<String> groups, TopicEnds ends, RecordTimes times, Duration timeout,
      Clock clock, PrometheusRegistry registry) {
    this.admin = admin;
    this.groups = List.copyOf(groups);
    this.ends = ends;
    this.times = times;
    this.timeout = timeout;
    this.clock = clock;
    String[] labels = {"consumergroup", "topic", "partition"};
    this.lag = Gauge.builder().name("kafka_consumergroup_lag")
        .help("Records a group has not committed yet: last stable offset minus committed offset")
        .labelNames(labels).register(registry);
    this.lagSeconds = Gauge.builder().name("kafka_consumergroup_lag_seconds")
        .help("Age of the oldest record a group has not committed yet; 0 when it is caught up")
        .labelNames(labels).register(registry);
    this.committed = Gauge.builder().name("kafka_consumergroup_current_offset")
        .help("A group's committed offset").labelNames(labels).register(registry);
    this.end = Gauge.builder().name("kafka_topic_partition_current_offset")
        .help("Last stable offset of a partition (read_committed end)")
        .labelNames("topic", "partition").register(registry);
  }

  @Override
  public String name() {
    return "consumer-lag";
  }

  @Override
  public void run() throws Exception {
    Map<String, Map<TopicPartition, Long>> committedByGroup = new HashMap<>();
    for (String group : groups) {
      committedByGroup.put(group, committedOffsets(group));
    }
    Map<TopicPartition, Long> lastStable = ends.of(committedByGroup.values().stream()
        .flatMap(offsets -> offsets.keySet().stream()).distinct().toList());
    lastStable.forEach((partition, offset) ->
        end.labelValues(partition.topic(), Integer.toString(partition.partition())).set(offset));
    long now = clock.millis();
    committedByGroup.forEach((group, offsets) -> export(group, offsets, lastStable, now));
  }

  private Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> committedOffsets = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      if (offset != null) {
        committedOffsets.put(partition, offset.offset());
      }
    });
    return committedOffsets;
  }

  private void export(String group, Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> lastStable,
      long now) {
    Map<TopicPartition, Long> behind = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      long records = Math.max(0, lastStable.getOrDefault(partition, offset) - offset);
      String[] labels = {group, partition.topic(), Integer.toString(partition.partition())};
      lag.labelValues(labels).set(records);
      committed.labelValues(labels).set(offset);
      if (records > 0) {
        behind.put(partition, offset);
      } else {
        lagSeconds.labelValues(labels).set(0);
      }
    });
    Map<TopicPartition, Long> oldest = times.at(behind);
    behind.forEach((partition, offset) -> {
      Long time = oldest.get(partition);
      String[] labels = {group, partition.topic(), Integer.toString(partition.partition())};
      if (time != null) {
        lagSeconds.labelValues(labels).set(Math.max(0, now - time) / 1000.0);
      } else if (lastStable.getOrDefault(partition, offset) - offset <= 1) {
        lagSeconds.labelValues(labels).set(0); // only a transaction marker is left to read
      } // else the record was not fetched in time: the last value stands until the next look
    });
  }
}
