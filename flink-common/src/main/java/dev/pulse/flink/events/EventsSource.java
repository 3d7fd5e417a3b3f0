package dev.pulse.flink.events;

import dev.pulse.aggregation.RawEvent;

import dev.pulse.flink.config.KafkaSettings;
import dev.pulse.flink.config.RegistrySettings;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** events.raw as every job reads it: the job's own consumer group, the registry's decoding. */
public final class EventsSource {
  private EventsSource() {}

  /** Left open for a caller that bounds it or names another topic (a benchmark's). */
  public static KafkaSourceBuilder<RawEvent> builder(KafkaSettings kafka, RegistrySettings registry, String topic) {
    return builder(kafka, topic, new RawEventDeserializer(registry.url()));
  }

  /** For a job that needs more of each record than a {@link RawEvent} (the archive keeps it all). */
  public static <T> KafkaSourceBuilder<T> builder(
      KafkaSettings kafka, String topic, KafkaRecordDeserializationSchema<T> deserializer) {
    Properties consumer = new Properties();
    // events.raw may hold transactional writes (DLQ replays); never count aborted ones.
    consumer.setProperty("isolation.level", "read_committed");
    return KafkaSource.<T>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(topic)
        .setGroupId(kafka.consumerGroup())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(deserializer)
        .setProperties(consumer);
  }
}
