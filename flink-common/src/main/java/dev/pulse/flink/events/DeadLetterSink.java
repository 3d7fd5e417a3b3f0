package dev.pulse.flink.events;

import dev.pulse.contract.Topics;
import dev.pulse.flink.config.KafkaSettings;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** events.dlq as every job writes it: DeadLetter JSON, exactly once, however often the job restarts. */
public final class DeadLetterSink {
  private DeadLetterSink() {}

  /** @param transactionalIdPrefix must stay the same across the job's restarts */
  public static KafkaSink<String> exactlyOnce(KafkaSettings kafka, String transactionalIdPrefix) {
    Properties producer = new Properties();
    producer.setProperty("transaction.timeout.ms", String.valueOf(kafka.transactionTimeout().toMillis()));
    producer.setProperty("max.request.size", String.valueOf(Topics.MAX_DLQ_RECORD_BYTES));
    return KafkaSink.<String>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<String>builder()
                .setTopic(Topics.EVENTS_DLQ.name())
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setKafkaProducerConfig(producer)
        .build();
  }
}
