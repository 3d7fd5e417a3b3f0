package dev.pulse.preagg.io;

import dev.pulse.contract.aggregate.AggregateCodec;
import dev.pulse.contract.aggregate.AggregateRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an aggregate keyed by its primary key, so Kafka's default partitioner puts every version
 * of a key on the same partition, as Pinot's upsert requires.
 */
public class AggregateRecordSerializer implements KafkaRecordSerializationSchema<AggregateRecord> {
  private final String topic;

  public AggregateRecordSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      AggregateRecord record, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic, null, record.emittedAt(), AggregateCodec.key(record), AggregateCodec.value(record));
  }
}
