package dev.pulse.ops.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on a topic, from Kafka itself: end offsets less the offsets the group
 * committed (Flink commits at each checkpoint, so the lag moves in steps of a checkpoint).
 */
public final class ConsumerLag implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final String topic;

  public ConsumerLag(String bootstrap, String group, String topic) {
    this.admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
    this.group = group;
    this.topic = topic;
  }

  /** Records the group has yet to commit, over every partition of the topic. */
  public long records() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  /**
   * Polls until the lag is at most {@code drained}, and returns how long that took, or empty if it
   * did not happen within {@code within}.
   */
  public java.util.Optional<Duration> timeToDrain(long drained, Duration within) throws Exception {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (records() <= drained) {
        return java.util.Optional.of(Duration.ofNanos(System.nanoTime() - start));
      }
      Thread.sleep(250);
    }
    return java.util.Optional.empty();
  }

  @Override
  public void close() {
    admin.close();
  }
}
