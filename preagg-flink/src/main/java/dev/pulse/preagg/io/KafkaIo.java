package dev.pulse.preagg.io;

import dev.pulse.contract.Topics;
import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.records.RawEvent;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's production source and sink. */
public final class KafkaIo {
  private KafkaIo() {}

  public static KafkaSource<RawEvent> eventsSource(PreaggConfig config) {
    return eventsSource(config, Topics.EVENTS_RAW.name()).build();
  }

  /** The events source, left open for a caller that bounds it or reads another topic (a benchmark). */
  public static KafkaSourceBuilder<RawEvent> eventsSource(PreaggConfig config, String topic) {
    return eventsSource(config.kafka(), config.registry(), topic);
  }

  /** events.raw (or {@code topic}) for any job that reads events: its own consumer group, same decoding. */
  public static KafkaSourceBuilder<RawEvent> eventsSource(
      PreaggConfig.Kafka kafka, PreaggConfig.Registry registry, String topic) {
    Properties consumer = new Properties();
    // events.raw may hold transactional writes (DLQ replays); never count aborted ones.
    consumer.setProperty("isolation.level", "read_committed");
    return KafkaSource.<RawEvent>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(topic)
        .setGroupId(kafka.consumerGroup())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RawEventDeserializer(registry.url()))
        .setProperties(consumer);
  }

  public static KafkaSink<AggregateRecord> aggregatesSink(PreaggConfig config) {
    return exactlyOnce(config, Topics.METRICS_AGG.name(), config.kafka().transactionalIdPrefix());
  }

  public static KafkaSink<AggregateRecord> correctionsSink(PreaggConfig config) {
    return exactlyOnce(
        config, Topics.METRICS_CORRECTIONS.name(), config.kafka().transactionalIdPrefix() + "-corrections");
  }

  /** Dead letters (DeadLetter JSON) for events.dlq, exactly once like the aggregates. */
  public static KafkaSink<String> deadLettersSink(PreaggConfig config) {
    Properties producer = new Properties();
    producer.setProperty("transaction.timeout.ms", String.valueOf(config.kafka().transactionTimeout().toMillis()));
    producer.setProperty("max.request.size", String.valueOf(Topics.MAX_DLQ_RECORD_BYTES));
    return KafkaSink.<String>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<String>builder()
                .setTopic(Topics.EVENTS_DLQ.name())
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.kafka().transactionalIdPrefix() + "-dlq")
        .setKafkaProducerConfig(producer)
        .build();
  }

  /** A transactional sink; its id prefix must stay the same across restarts (see preagg.yml). */
  public static KafkaSink<AggregateRecord> exactlyOnce(PreaggConfig config, String topic, String idPrefix) {
    Properties producer = new Properties();
    producer.setProperty(
        "transaction.timeout.ms", String.valueOf(config.kafka().transactionTimeout().toMillis()));
    return KafkaSink.<AggregateRecord>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setRecordSerializer(new AggregateRecordSerializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(idPrefix)
        .setKafkaProducerConfig(producer)
        .build();
  }
}
