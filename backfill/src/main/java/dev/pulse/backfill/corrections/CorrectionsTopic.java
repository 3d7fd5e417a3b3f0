package dev.pulse.backfill.corrections;

import dev.pulse.contract.Topics;
import dev.pulse.contract.aggregate.AggregateCodec;
import dev.pulse.contract.aggregate.AggregateRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Kafka as the corrections merge sees it: the committed corrections from a watermark up to the
 * topic's end, and whether the archive job has committed past the end of events.raw.
 */
public final class CorrectionsTopic implements AutoCloseable {
  /** A correction and where it was read. */
  public record Correction(int partition, long offset, AggregateRecord row) {}

  private final Admin admin;
  private final String bootstrapServers;

  public CorrectionsTopic(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(properties);
  }

  /** The committed corrections from the watermark to the ends the topic has now, in offset order per partition. */
  public List<Correction> read(Watermark from) throws Exception {
    String topic = Topics.METRICS_CORRECTIONS.name();
    Map<TopicPartition, Long> ends = ends(topic);
    List<Correction> corrections = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(ends.keySet());
      ends.keySet().forEach(p -> consumer.seek(p, from.of(p.partition())));
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
            corrections.add(new Correction(record.partition(), record.offset(), AggregateCodec.decode(record.value())));
          }
        }
      }
    }
    return corrections;
  }

  /** The ends of the corrections topic now: where a merge that reads everything leaves its watermark. */
  public Watermark endsOfCorrections() throws Exception {
    Map<Integer, Long> next = new HashMap<>();
    ends(Topics.METRICS_CORRECTIONS.name()).forEach((p, end) -> next.put(p.partition(), end));
    return new Watermark(next);
  }

  /**
   * Waits until the archive job has committed every record events.raw holds now. Every correction
   * read before this call was emitted for events appended before it, so they are then archived.
   */
  public void awaitArchived(String archiveGroup, Duration atMost) throws Exception {
    Map<TopicPartition, Long> ends = ends(Topics.EVENTS_RAW.name());
    Instant deadline = Instant.now().plus(atMost);
    while (true) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(archiveGroup).partitionsToOffsetAndMetadata().get();
      boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
          || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
      if (caughtUp) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the archive job (group " + archiveGroup + ") has not committed events.raw up to "
            + ends + " within " + atMost + "; the merge will read these corrections again next time");
      }
      Thread.sleep(2_000);
    }
  }

  private Map<TopicPartition, Long> ends(String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
        : admin.listOffsets(request, new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all().get().entrySet()) {
      ends.put(e.getKey(), e.getValue().offset());
    }
    return ends;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(properties);
  }

  @Override
  public void close() {
    admin.close();
  }
}
