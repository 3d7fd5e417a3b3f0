package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pulse.contract.Topics;
import dev.pulse.contract.events.WireFormatDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An event's whole path on the real stack: POST → Kafka → Flink → Pinot → GET. */
@ExtendWith(StackExtension.class)
class EventPathIT {
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

  @Test
  void hundredPageViewsAreCountedExactlyOnce(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "e2e-" + UUID.randomUUID();

    HttpResponse<String> posted = api.postEvents(PulseApi.batch(100, source));

    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(PulseApi.json(posted).get("accepted").asInt()).isEqualTo(100);
    String filter = "event_type:page_view,source:" + source;
    await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofSeconds(1))
        .until(() -> api.total("event_count", filter) >= 100);
    assertThat(api.total("event_count", filter)).isEqualTo(100);
  }

  @Test
  void eventsOfOneTypeSpreadOverEveryPartitionKeyedByTheirId(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "spread-" + UUID.randomUUID();

    assertThat(api.postEvents(PulseApi.batch(120, source)).statusCode()).isEqualTo(200);

    List<ConsumerRecord<byte[], byte[]>> records = rawRecordsOf(stack, source, 120);
    WireFormatDecoder decoder = WireFormatDecoder.forRegistry(stack.registryUrl());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).as("the key is the event's id")
          .isEqualTo(decoder.decode(record.value()).get("event_id").toString());
    }
    int partitions = partitionCount(stack);
    assertThat(partitions).isGreaterThan(1);
    // 120 keys over 6 partitions: the chance that one partition gets none is about 1 in 10^9.
    assertThat(records.stream().map(ConsumerRecord::partition).distinct().count()).isEqualTo(partitions);
  }

  /** The records of events.raw whose Avro value holds {@code source}, read from the start. */
  private static List<ConsumerRecord<byte[], byte[]>> rawRecordsOf(LocalStack stack, String source, int expected) {
    byte[] marker = source.getBytes(StandardCharsets.UTF_8);
    List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer(stack)) {
      consumer.subscribe(List.of(Topics.EVENTS_RAW.name()));
      long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          if (contains(record.value(), marker)) {
            found.add(record);
          }
        }
      }
    }
    assertThat(found).as("records of " + source + " in events.raw").hasSize(expected);
    return found;
  }

  private static int partitionCount(LocalStack stack) {
    try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer(stack)) {
      return consumer.partitionsFor(Topics.EVENTS_RAW.name()).size();
    }
  }

  private static KafkaConsumer<byte[], byte[]> rawConsumer(LocalStack stack) {
    return new KafkaConsumer<>(Map.of(
        "bootstrap.servers", stack.kafkaBootstrap(),
        "group.id", "it-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void invalidEventsAreRejectedAtTheirIndexWhileValidOnesAreAccepted(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "e2e-" + UUID.randomUUID();
    ArrayNode events = PulseApi.batch(2, source);
    events.insert(1, PulseApi.pageView(source, "/x").put("event_type", "no_such_type"));
    events.add(PulseApi.JSON.createObjectNode().put("event_type", "page_view").put("source", source));

    HttpResponse<String> posted = api.postEvents(events);

    assertThat(posted.statusCode()).isEqualTo(200);
    JsonNode body = PulseApi.json(posted);
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    assertThat(body.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("errors").get(0).get("reason").asText()).contains("unknown event_type 'no_such_type'");
    assertThat(body.get("errors").get(1).get("index").asInt()).isEqualTo(3);
    assertThat(body.get("errors").get(1).get("reason").asText()).contains("properties.page is required");
  }

  @Test
  void anUnknownMetricIsNotFoundAndABadDimensionIsABadRequest(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);

    assertThat(api.get("/v1/metrics/no_such_metric").statusCode()).isEqualTo(404);
    HttpResponse<String> badDimension = api.get("/v1/metrics/event_count?dimensions=country:US");
    assertThat(badDimension.statusCode()).isEqualTo(400);
    assertThat(badDimension.body()).contains("'country' is not a dimension of event_count");
  }
}
