package dev.pulse.preagg.io;

import dev.pulse.contract.Topics;
import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.flink.backlog.BacklogAwareSource;
import dev.pulse.flink.events.DeadLetterSink;
import dev.pulse.flink.events.EventsSource;
import dev.pulse.aggregation.RawEvent;
import dev.pulse.preagg.config.PreaggConfig;
import java.util.Properties;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;

/** The pre-aggregation job's source and sinks. */
public final class KafkaIo {
  private KafkaIo() {}

  public static Source<RawEvent, ?, ?> eventsSource(PreaggConfig config) {
    return backlogAware(eventsSource(config, Topics.EVENTS_RAW.name()).build(), config);
  }

  /** The source, telling Flink when it reads a backlog: checkpoints are rarer then (preagg.yml). */
  public static Source<RawEvent, ?, ?> backlogAware(KafkaSource<RawEvent> source, PreaggConfig config) {
    return BacklogAwareSource.of(source, config.backlogAfter());
  }

  /** The events source, left open for a caller that bounds it or reads another topic (a benchmark). */
  public static KafkaSourceBuilder<RawEvent> eventsSource(PreaggConfig config, String topic) {
    return EventsSource.builder(config.kafka(), config.registry(), topic);
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
    return DeadLetterSink.exactlyOnce(config.kafka(), config.kafka().transactionalIdPrefix() + "-dlq");
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
