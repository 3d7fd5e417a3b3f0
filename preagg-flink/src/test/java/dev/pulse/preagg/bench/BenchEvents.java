package dev.pulse.preagg.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.events.EventSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes N purchase events into a topic in the exact form metrics-api writes them (Avro, Confluent
 * wire format, the registered schema's id): 10 sources, 3 currencies, 100,000 users, event times
 * spread evenly over one hour. Keyed by event_id, so both source subtasks of the job read.
 */
final class BenchEvents {
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

  private BenchEvents() {}

  /** @return the events written per second */
  static double preload(String bootstrap, String registryUrl, String topic, long events, long startMillis)
      throws Exception {
    Schema schema = EventSchemas.load().schemaFor("purchase");
    int schemaId = registeredId(registryUrl, EventSchemas.subjectFor("purchase"));
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
    GenericRecord record = new GenericData.Record(schema);
    GenericRecord properties = new GenericData.Record(schema.getField("properties").schema());
    SplittableRandom random = new SplittableRandom(7);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = null;
    long spanMillis = 3_600_000;
    long began = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
      for (long i = 0; i < events; i++) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        long time = startMillis + i * spanMillis / events;
        properties.put("amount", Math.round(random.nextDouble() * 50_000) / 100.0);
        properties.put("currency", CURRENCIES[random.nextInt(3)]);
        record.put("event_id", id);
        record.put("event_type", "purchase");
        record.put("source", "source-" + random.nextInt(10));
        record.put("user_id", "user-" + random.nextInt(100_000));
        record.put("server_timestamp", time);
        record.put("client_timestamp", null);
        record.put("event_time", null);
        record.put("sent_at", null);
        record.put("event_time_clamped", false);
        record.put("tenant", "acme");
        record.put("properties", properties);
        buffer.reset();
        buffer.write(0);
        buffer.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        writer.write(record, encoder);
        encoder.flush();
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), buffer.toByteArray()));
      }
      producer.flush();
    }
    return events / ((System.nanoTime() - began) / 1e9);
  }

  private static Map<String, Object> producerConfig(String bootstrap) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
  }

  private static int registeredId(String registryUrl, String subject) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/apis/ccompat/v7/subjects/" + subject + "/versions/latest"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("schema " + subject + " is not registered: " + response.body());
    }
    return new ObjectMapper().readTree(response.body()).get("id").asInt();
  }
}
