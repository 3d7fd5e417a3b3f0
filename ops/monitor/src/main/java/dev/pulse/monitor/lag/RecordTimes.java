package dev.pulse.monitor.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The timestamp of the record at an offset: how old the oldest record that a consumer has not yet
 * committed is, which turns a lag in records into a lag in seconds. One record per partition is
 * fetched (small fetch sizes), and the answer is kept, since a lagging group asks again.
 */
public class RecordTimes implements AutoCloseable {
  private static final int REMEMBERED = 4096;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration timeout;
  private final Map<TopicPartition, Map<Long, Long>> known = new HashMap<>();

  public RecordTimes(String bootstrapServers, Duration timeout) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "16384");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(properties);
    this.timeout = timeout;
  }

  /**
   * The timestamp (epoch ms) of the first committed record at or after each offset; absent for a
   * partition where none is readable yet (only transaction markers, or a timeout).
   */
  public synchronized Map<TopicPartition, Long> at(Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, Long> times = new HashMap<>();
    Map<TopicPartition, Long> wanted = new HashMap<>();
    offsets.forEach((partition, offset) -> remembered(partition, offset).ifPresentOrElse(
        time -> times.put(partition, time), () -> wanted.put(partition, offset)));
    if (!wanted.isEmpty()) {
      times.putAll(fetch(wanted));
    }
    return times;
  }

  private Map<TopicPartition, Long> fetch(Map<TopicPartition, Long> wanted) {
    consumer.assign(List.copyOf(wanted.keySet()));
    wanted.forEach(consumer::seek);
    Map<TopicPartition, Long> found = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (found.size() < wanted.size() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (!found.containsKey(partition)) {
          found.put(partition, record.timestamp());
          remember(partition, wanted.get(partition), record.timestamp());
          consumer.pause(List.of(partition));
        }
      }
    }
    consumer.resume(consumer.paused());
    return found;
  }

  private OptionalLong remembered(TopicPartition partition, long offset) {
    Long time = known.getOrDefault(partition, Map.of()).get(offset);
    return time == null ? OptionalLong.empty() : OptionalLong.of(time);
  }

  private void remember(TopicPartition partition, long offset, long time) {
    Map<Long, Long> times = known.computeIfAbsent(partition, any -> new HashMap<>());
    if (times.size() >= REMEMBERED) {
      times.clear();
    }
    times.put(offset, time);
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
