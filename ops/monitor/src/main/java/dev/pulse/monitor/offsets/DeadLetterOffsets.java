package dev.pulse.monitor.offsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The events.raw records that a job sent to events.dlq, by partition and offset: every job names a
 * Kafka record it could not use as {@code producer_host = events.raw-<partition>@<offset>}. Such a
 * record is accounted for: it is in the DLQ with its bytes, not lost.
 */
public class DeadLetterOffsets {
  private static final Pattern RAW_RECORD = Pattern.compile("^" + Pattern.quote(Topics.EVENTS_RAW.name()) + "-(\\d+)@(\\d+)$");

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final ObjectMapper json;
  private final Duration timeout;

  public DeadLetterOffsets(Supplier<Consumer<byte[], byte[]>> consumers, ObjectMapper json, Duration timeout) {
    this.consumers = consumers;
    this.json = json;
    this.timeout = timeout;
  }

  /** Offsets per events.raw partition named by DLQ entries written since {@code sinceMillis}. */
  public Map<Integer, Set<Long>> since(long sinceMillis) throws IOException {
    Map<Integer, Set<Long>> offsets = new HashMap<>();
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS_DLQ.name(), timeout).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(partition -> query.put(partition, sinceMillis));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, timeout);
      Set<TopicPartition> open = new HashSet<>();
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp start = starts.get(partition);
        consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
        if (start != null && start.offset() < ends.get(partition)) {
          open.add(partition);
        }
      }
      while (!open.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
          note(record.value(), offsets);
        }
        open.removeIf(partition -> consumer.position(partition, timeout) >= ends.get(partition));
      }
    }
    return offsets;
  }

  private void note(byte[] value, Map<Integer, Set<Long>> offsets) {
    try {
      JsonNode letter = json.readTree(value);
      Matcher matcher = RAW_RECORD.matcher(letter.path("producer_host").asText(""));
      if (matcher.matches()) {
        offsets.computeIfAbsent(Integer.parseInt(matcher.group(1)), p -> new HashSet<>()).add(Long.parseLong(matcher.group(2)));
      }
    } catch (IOException e) {
      // not a dead letter of ours: it names no events.raw record
    }
  }
}
