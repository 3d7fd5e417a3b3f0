package dev.pulse.api.kafka;

import dev.pulse.contract.Topics;
import dev.pulse.contract.dlq.DeadLetter;
import dev.pulse.contract.dlq.DeadLetterCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads events.dlq without joining a consumer group: the newest entries for a listing, or every
 * entry up to the current end for a replay. Each call uses a fresh consumer and closes it.
 */
public class DeadLetterReader {
  /** A dead letter and where it is in the topic. */
  public record Entry(int partition, long offset, DeadLetter letter) {}

  private static final Duration POLL = Duration.ofMillis(500);
  private final Supplier<Consumer<byte[], byte[]>> consumers;

  public DeadLetterReader(Supplier<Consumer<byte[], byte[]>> consumers) {
    this.consumers = consumers;
  }

  /** Up to {@code max} entries per partition, newest last, from the end of the topic backwards. */
  public List<Entry> newest(int max) {
    return read(max);
  }

  /** Every entry present now. */
  public List<Entry> all() {
    return read(Long.MAX_VALUE);
  }

  private List<Entry> read(long maxPerPartition) {
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.EVENTS_DLQ.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      partitions.forEach(p -> consumer.seek(p, Math.max(begin.get(p), end.get(p) - maxPerPartition)));
      List<Entry> entries = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            entries.add(new Entry(record.partition(), record.offset(), DeadLetterCodec.decode(record.value())));
          }
        }
      }
      return entries;
    }
  }
}
