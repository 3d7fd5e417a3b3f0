package dev.pulse.ops;

import dev.pulse.contract.Topics;
import dev.pulse.contract.events.EventSchemas;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.strategy.QualifiedRecordIdStrategy;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A product team producing Avro straight to events.raw, as the README tells them to: the Apicurio
 * serde in the Confluent wire format, schemas looked up (never registered) by content. Such a
 * producer sets event_time itself, which is how late events reach the job.
 */
final class DirectProducer implements AutoCloseable {
  private static final EventSchemas SCHEMAS = EventSchemas.load();
  private final KafkaProducer<String, GenericRecord> producer;

  DirectProducer(LocalStack stack) {
    this(stack.kafkaBootstrap(), stack.registryUrl());
  }

  DirectProducer(String kafkaBootstrap, String registryUrl) {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                "apicurio.registry.url", registryUrl + "/apis/registry/v3",
                "apicurio.registry.artifact-resolver-strategy", QualifiedRecordIdStrategy.class.getName(),
                "apicurio.registry.auto-register", false,
                "apicurio.registry.dereference-schema", true));
  }

  static GenericRecord pageView(String eventId, String source, Instant eventTime) {
    Schema schema = SCHEMAS.schemaFor("page_view");
    GenericRecord properties = new GenericData.Record(schema.getField("properties").schema());
    properties.put("page", "/direct");
    return new GenericRecordBuilder(schema)
        .set("event_id", eventId == null ? UUID.randomUUID().toString() : eventId)
        .set("event_type", "page_view")
        .set("source", source)
        .set("server_timestamp", Instant.now().toEpochMilli())
        .set("event_time", eventTime.toEpochMilli())
        .set("properties", properties)
        .build();
  }

  static GenericRecord purchase(String source, Instant eventTime, double amount) {
    Schema schema = SCHEMAS.schemaFor("purchase");
    GenericRecord properties = new GenericData.Record(schema.getField("properties").schema());
    properties.put("amount", amount);
    properties.put("currency", "EUR");
    return new GenericRecordBuilder(schema)
        .set("event_id", UUID.randomUUID().toString())
        .set("event_type", "purchase")
        .set("source", source)
        .set("server_timestamp", Instant.now().toEpochMilli())
        .set("event_time", eventTime.toEpochMilli())
        .set("properties", properties)
        .build();
  }

  /** Any event type, straight to Kafka as a producer that bypasses the API would write it. */
  static GenericRecord event(
      String type, String source, String tenant, String userId, Instant eventTime, Map<String, Object> props) {
    Schema schema = SCHEMAS.schemaFor(type);
    GenericRecord properties = new GenericData.Record(schema.getField("properties").schema());
    props.forEach(properties::put);
    return new GenericRecordBuilder(schema)
        .set("event_id", UUID.randomUUID().toString())
        .set("event_type", type)
        .set("source", source)
        .set("tenant", tenant)
        .set("user_id", userId)
        .set("server_timestamp", Instant.now().toEpochMilli())
        .set("event_time", eventTime.toEpochMilli())
        .set("properties", properties)
        .build();
  }

  /** An event of any registered schema (an older version, a new type), with these properties. */
  static GenericRecord event(Schema schema, String eventId, String source, Instant eventTime, Map<String, Object> props) {
    GenericRecord properties = new GenericData.Record(schema.getField("properties").schema());
    props.forEach(properties::put);
    return new GenericRecordBuilder(schema)
        .set("event_id", eventId)
        .set("event_type", schema.getName())
        .set("source", source)
        .set("server_timestamp", Instant.now().toEpochMilli())
        .set("event_time", eventTime.toEpochMilli())
        .set("properties", properties)
        .build();
  }

  void send(GenericRecord event) {
    send(event, (metadata, error) -> {});
  }

  /** @param acknowledged called once the brokers acknowledged the event, or with the error that stopped it */
  void send(GenericRecord event, org.apache.kafka.clients.producer.Callback acknowledged) {
    producer.send(new ProducerRecord<>(Topics.EVENTS_RAW.name(), event.get("event_id").toString(), event), acknowledged);
  }

  /** Blocks until everything sent is acknowledged. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }

}
