package dev.pulse.alerting;

import dev.pulse.contract.Topics;
import dev.pulse.contract.alerting.AlertCodec;
import dev.pulse.flink.events.EventsSource;
import dev.pulse.aggregation.RawEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The alerting job's production sources and sink. */
public final class AlertingIo {
  private AlertingIo() {}

  /** events.raw under the alerting job's own consumer group: the pre-aggregation job's lag is not ours. */
  public static KafkaSource<RawEvent> events(AlertingConfig config) {
    return EventsSource.builder(config.kafka(), config.registry(), Topics.EVENTS_RAW.name()).build();
  }

  /** Every rule's JSON from alerts.rules, from the beginning: the compacted topic is the rule set. */
  public static KafkaSource<String> rules(AlertingConfig config) {
    return KafkaSource.<String>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setTopics(Topics.ALERT_RULES.name())
        .setGroupId(config.kafka().consumerGroup() + "-rules")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new RuleValues())
        .build();
  }

  /** alerts, exactly once: a state change reaches the topic once, however often the job restarts. */
  public static KafkaSink<String> alerts(AlertingConfig config) {
    Properties producer = new Properties();
    producer.setProperty("transaction.timeout.ms", String.valueOf(config.kafka().transactionTimeout().toMillis()));
    return KafkaSink.<String>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setRecordSerializer(new AlertSerializer(Topics.ALERTS.name()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.kafka().transactionalIdPrefix())
        .setKafkaProducerConfig(producer)
        .build();
  }

  /** Rule JSON from alerts.rules; a tombstone (never written by the API) carries no rule. */
  static final class RuleValues implements KafkaRecordDeserializationSchema<String> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) throws IOException {
      if (record.value() != null) {
        out.collect(new String(record.value(), StandardCharsets.UTF_8));
      }
    }

    @Override
    public TypeInformation<String> getProducedType() {
      return Types.STRING;
    }
  }

  /** Keys each alert by rule and group, so one group's changes stay in order on one partition. */
  static final class AlertSerializer implements KafkaRecordSerializationSchema<String> {
    private final String topic;

    AlertSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(String alertJson, KafkaSinkContext context, Long timestamp) {
      byte[] value = alertJson.getBytes(StandardCharsets.UTF_8);
      String key = AlertCodec.decode(value).topicKey();
      return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }
  }
}
