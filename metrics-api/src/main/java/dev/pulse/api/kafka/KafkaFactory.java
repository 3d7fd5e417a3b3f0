package dev.pulse.api.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka settings, and the clients built from them. */
public class KafkaFactory {
  @NotEmpty private String bootstrapServers = "127.0.0.1:9092";
  @NotNull private Duration sendTimeout = Duration.seconds(10);
  @Min(1) private int eventsPartitions = 6;
  /** How long events.raw keeps events; the archive holds them after that. */
  @NotNull private Duration eventsRetention = Duration.days(7);

  @JsonProperty
  public String getBootstrapServers() {
    return bootstrapServers;
  }

  @JsonProperty
  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  @JsonProperty
  public Duration getSendTimeout() {
    return sendTimeout;
  }

  @JsonProperty
  public void setSendTimeout(Duration sendTimeout) {
    this.sendTimeout = sendTimeout;
  }

  @JsonProperty
  public Duration getEventsRetention() {
    return eventsRetention;
  }

  @JsonProperty
  public void setEventsRetention(Duration eventsRetention) {
    this.eventsRetention = eventsRetention;
  }

  @JsonProperty
  public int getEventsPartitions() {
    return eventsPartitions;
  }

  @JsonProperty
  public void setEventsPartitions(int eventsPartitions) {
    this.eventsPartitions = eventsPartitions;
  }

  /**
   * The ingest producer: idempotent with acks=all, so a broker retry never duplicates and an
   * acknowledged batch is on every in-sync replica. Values arrive already in the wire format.
   */
  public Producer<String, byte[]> buildEventProducer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Fail fast while Kafka is away, so the caller gets a 503 instead of a hanging request.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMilliseconds());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMilliseconds());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(sendTimeout.toMilliseconds(), 5000));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }

  /** The dead-letter producer: bytes, the same durability as events, and room for a whole rejected body. */
  public Producer<byte[], byte[]> buildDeadLetterProducer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, dev.pulse.contract.Topics.MAX_DLQ_RECORD_BYTES);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMilliseconds());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMilliseconds());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(sendTimeout.toMilliseconds(), 5000));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }

  /** A consumer for reading events.dlq from the DLQ tools; never commits offsets. */
  public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> buildDeadLetterReader() {
    Map<String, Object> config = new HashMap<>();
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, dev.pulse.contract.Topics.MAX_DLQ_RECORD_BYTES);
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    config.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    return new org.apache.kafka.clients.consumer.KafkaConsumer<>(config);
  }

  public Admin buildAdmin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  /** Closes a client when the service stops. */
  public static Managed closing(AutoCloseable client) {
    return new Managed() {
      @Override
      public void stop() throws Exception {
        client.close();
      }
    };
  }
}
