package dev.pulse.monitor.pinot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.monitor.lag.RecordTimes;
import dev.pulse.monitor.lag.TopicEnds;
import dev.pulse.monitor.probe.Probe;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Pinot's ingestion lag per partition of its realtime table: the topic's last stable offset minus
 * the highest offset a consuming segment has reached, in records and in seconds. Pinot consumes
 * without a consumer group (its offsets live in segment metadata), so this asks the controller,
 * which asks the servers. A partition no server consumes reads as not consuming.
 */
public class PinotIngestionProbe implements Probe {
  private final PinotClient pinot;
  private final String table;
  private final String topic;
  private final TopicEnds ends;
  private final RecordTimes times;
  private final Clock clock;
  private final Gauge lag;
  private final Gauge lagSeconds;
  private final Gauge consuming;

  public PinotIngestionProbe(PinotClient pinot, String table, String topic, TopicEnds ends, RecordTimes times,
      Clock clock, PrometheusRegistry registry) {
    this.pinot = pinot;
    this.table = table;
    this.topic = topic;
    this.ends = ends;
    this.times = times;
    this.clock = clock;
    String[] labels = {"table", "topic", "partition"};
    this.lag = Gauge.builder().name("pulse_pinot_ingestion_lag")
        .help("Records of the topic that Pinot has not consumed yet").labelNames(labels).register(registry);
    this.lagSeconds = Gauge.builder().name("pulse_pinot_ingestion_lag_seconds")
        .help("Age of the oldest record Pinot has not consumed yet; 0 when caught up")
        .labelNames(labels).register(registry);
    this.consuming = Gauge.builder().name("pulse_pinot_partition_consuming")
        .help("1 when some server reports a CONSUMING segment for the partition").labelNames(labels)
        .register(registry);
  }

  @Override
  public String name() {
    return "pinot-ingestion";
  }

  @Override
  public void run() throws Exception {
    Map<Integer, Long> consumed = new HashMap<>();
    Map<Integer, Boolean> active = new HashMap<>();
    readConsumingSegments(pinot.controller("tables", table, "consumingSegmentsInfo"), consumed, active);
    Map<TopicPartition, Long> positions = new HashMap<>();
    consumed.forEach((partition, offset) -> positions.put(new TopicPartition(topic, partition), offset));
    Map<TopicPartition, Long> lastStable = ends.of(positions.keySet());
    Map<TopicPartition, Long> behind = new HashMap<>();
    positions.forEach((partition, offset) -> {
      long records = Math.max(0, lastStable.getOrDefault(partition, offset) - offset);
      lag.labelValues(labels(partition)).set(records);
      if (records > 1) {
        behind.put(partition, offset);
      } else {
        lagSeconds.labelValues(labels(partition)).set(0);
      }
    });
    active.forEach((partition, isConsuming) ->
        consuming.labelValues(labels(new TopicPartition(topic, partition))).set(isConsuming ? 1 : 0));
    long now = clock.millis();
    times.at(behind).forEach((partition, time) ->
        lagSeconds.labelValues(labels(partition)).set(Math.max(0, now - time) / 1000.0));
  }

  /**
   * {@code _segmentToConsumingInfoMap}: per consuming segment (LLC name
   * {@code table__partition__sequence__time}), each replica's state and offsets.
   */
  static void readConsumingSegments(JsonNode info, Map<Integer, Long> consumed, Map<Integer, Boolean> active) {
    Iterator<Map.Entry<String, JsonNode>> segments = info.path("_segmentToConsumingInfoMap").fields();
    while (segments.hasNext()) {
      Map.Entry<String, JsonNode> segment = segments.next();
      int partition = Integer.parseInt(segment.getKey().split("__")[1]);
      active.putIfAbsent(partition, false);
      for (JsonNode replica : segment.getValue()) {
        if ("CONSUMING".equals(replica.path("consumerState").asText())) {
          active.put(partition, true);
        }
        replica.path("partitionToOffsetMap").fields().forEachRemaining(offset ->
            consumed.merge(partition, offset.getValue().asLong(), Math::max));
      }
    }
  }

  private String[] labels(TopicPartition partition) {
    return new String[] {table, partition.topic(), Integer.toString(partition.partition())};
  }
}
