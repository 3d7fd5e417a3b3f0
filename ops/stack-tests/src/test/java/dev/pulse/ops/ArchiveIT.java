package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.contract.Topics;
import dev.pulse.contract.events.EventSchemas;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The raw-event archive over the real stack: every accepted event is in its Iceberg table once,
 * after crashes too; a new schema version adds its column while the job runs on; the counts API
 * agrees with a full scan; compaction folds an hour's small files. The archive is read back with
 * Iceberg's own reader, not through the product.
 */
@ExtendWith(StackExtension.class)
class ArchiveIT {
  private static final Duration ARCHIVED_WITHIN = Duration.ofMinutes(3);

  @Test
  void everyEventAcceptedOverHttpOrKafkaIsArchivedOnceAndTheCountsMatchAScan(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "archive-" + UUID.randomUUID().toString().substring(0, 8);
    Set<String> pageViews = new HashSet<>();
    for (int batch = 0; batch < 3; batch++) {
      ArrayNode events = PulseApi.batch(40, source);
      events.forEach(event -> pageViews.add(withEventId((ObjectNode) event)));
      assertThat(api.postEvents(events).statusCode()).isEqualTo(200);
    }
    Set<String> purchases = new HashSet<>();
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (int i = 0; i < 50; i++) {
        var purchase = DirectProducer.purchase(source, Instant.now(), i + 0.5);
        purchases.add(purchase.get("event_id").toString());
        producer.send(purchase);
      }
      producer.flush();
    }
    byte[] garbage = ("{\"not\": \"avro\", \"marker\": \"" + source + "\"}").getBytes(StandardCharsets.UTF_8);
    produceRaw(stack, garbage);

    try (ArchiveReader archive = ArchiveReader.local(stack)) {
      assertArchivedOnce(archive, "page_view", source, pageViews);
      assertArchivedOnce(archive, "purchase", source, purchases);
      Record row = archive.rows("purchase", Expressions.equal("source", source)).get(0);
      assertThat(row.getField("currency")).isEqualTo("EUR");
      assertThat(row.getField("schema_version")).isEqualTo(1);
      assertThat((OffsetDateTime) row.getField("ingested_at")).isAfter(OffsetDateTime.now().minusMinutes(10));

      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(countsFromApi(stack, "page_view")).isEqualTo(countsFromScan(archive, "page_view")));
      // The highest archived offset of each partition covers every row read back.
      Map<Integer, Long> highest = highestOffsets(stack);
      for (Record r : archive.rows("purchase", Expressions.equal("source", source))) {
        assertThat(highest.get((Integer) r.getField("kafka_partition"))).isGreaterThanOrEqualTo((Long) r.getField("kafka_offset"));
      }
    }
    // events.raw keeps a week; the archive holds what is older.
    try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      var topic = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.EVENTS_RAW.name());
      assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("retention.ms").value())
          .isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
    }
    JsonNode letter = awaitArchiveDeadLetter(stack, garbage);
    assertThat(letter.get("error_type").asText()).isEqualTo("undecodable");
    assertThat(letter.get("error_message").asText()).startsWith("not archived: ");
  }

  @Test
  void killingTheArchiveJobTwiceMidStreamLosesAndDoublesNothing(LocalStack stack) throws Exception {
    String source = "archive-crash-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
      try (DirectProducer producer = new DirectProducer(stack)) {
        for (String id : ids) {
          producer.send(DirectProducer.pageView(id, source, Instant.now()));
          LockSupport.parkNanos(Duration.ofSeconds(40).toNanos() / ids.size());
        }
      }
    });
    FlinkRest job = new FlinkRest(stack.archiveJobUrl());
    for (int crash = 0; crash < 2; crash++) {
      int before = job.completedCheckpoints();
      await().atMost(Duration.ofMinutes(1)).until(() -> job.completedCheckpoints() > before);
      Thread.sleep(4_000); // mid-interval: rows written, not yet committed
      stack.kill9("archive-flink");
      stack.run("up");
    }
    sending.get();
    assertThat(job.restoredCheckpoint()).isPositive();
    try (ArchiveReader archive = ArchiveReader.local(stack)) {
      assertArchivedOnce(archive, "page_view", source, new HashSet<>(ids));
    }
  }

  @Test
  void aNewSchemaVersionAddsItsColumnWhileTheJobRunsOn(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String type = "archive_probe_" + UUID.randomUUID().toString().substring(0, 8);
    String v1Properties = """
        {"type": "record", "name": "probe_properties", "fields": [{"name": "plan", "type": "string"}]}""";
    String v2Properties = """
        {"type": "record", "name": "probe_properties", "fields": [
          {"name": "plan", "type": "string"},
          {"name": "session_id", "type": ["null", "string"], "default": null}]}""";
    String source = "archive-evolve";
    assertThat(api.send("POST", "/v1/schemas/" + type, v1Properties, "application/json", api.adminKey()).statusCode())
        .isEqualTo(201);
    Set<String> v1Http = postProbes(api, type, source, 10, null);

    FlinkRest job = new FlinkRest(stack.archiveJobUrl());
    long jobStarted = job.runningJobStartTime();
    try (ArchiveReader archive = ArchiveReader.local(stack)) {
      // A new event type gets its table with its first event.
      await().atMost(ARCHIVED_WITHIN).pollInterval(Duration.ofSeconds(2))
          .until(() -> archive.exists(type) && archive.rows(type, Expressions.alwaysTrue()).size() == 10);
      assertThat(archive.table(type).schema().findField("session_id")).isNull();
      Set<String> filesOfV1 = paths(archive.files(type, Expressions.alwaysTrue()));

      assertThat(api.send("POST", "/v1/schemas/" + type, v2Properties, "application/json", api.adminKey()).statusCode())
          .isEqualTo(201);
      Set<String> v2Http = new HashSet<>();
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
          .until(() -> v2Http.addAll(postProbes(api, type, source, 10, "session-")));
      // A producer not yet upgraded still writes v1, straight to Kafka.
      Schema v1 = EventSchemas.withEnvelope(type, v1Properties);
      Set<String> v1Direct = new HashSet<>();
      try (DirectProducer producer = new DirectProducer(stack)) {
        for (int i = 0; i < 10; i++) {
          String id = UUID.randomUUID().toString();
          v1Direct.add(id);
          producer.send(DirectProducer.event(v1, id, source, Instant.now(), Map.of("plan", "basic")));
        }
        producer.flush();
      }

      await().atMost(ARCHIVED_WITHIN).pollInterval(Duration.ofSeconds(2))
          .until(() -> archive.rows(type, Expressions.alwaysTrue()).size() == 30);
      Types.NestedField column = archive.table(type).schema().findField("session_id");
      assertThat(column).isNotNull();
      assertThat(column.isOptional()).isTrue();
      Map<String, Record> rows = byEventId(archive.rows(type, Expressions.alwaysTrue()));
      assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(union(v1Http, v2Http, v1Direct));
      for (String id : union(v1Http, v1Direct)) {
        assertThat(rows.get(id).getField("session_id")).as("v1 row %s", id).isNull();
        assertThat(rows.get(id).getField("schema_version")).isEqualTo(1);
      }
      for (String id : v2Http) {
        assertThat((String) rows.get(id).getField("session_id")).startsWith("session-");
        assertThat(rows.get(id).getField("schema_version")).isEqualTo(2);
      }
      // Adding the column rewrote no file, and the job never restarted.
      assertThat(paths(archive.files(type, Expressions.alwaysTrue()))).containsAll(filesOfV1);
      assertThat(job.runningJobStartTime()).isEqualTo(jobStarted);
    }
  }

  @Test
  void eventsOfASchemaTheArchiveCannotMapGoToTheDlqWithTheReason(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String type = "archive_clash_" + UUID.randomUUID().toString().substring(0, 8);
    // Valid Avro and valid for the API, but kafka_offset is one of the archive's own columns.
    String properties = """
        {"type": "record", "name": "clash_properties", "fields": [{"name": "kafka_offset", "type": "long"}]}""";
    assertThat(api.send("POST", "/v1/schemas/" + type, properties, "application/json", api.adminKey()).statusCode())
        .isEqualTo(201);
    ArrayNode events = PulseApi.JSON.createArrayNode();
    events.addObject().put("event_type", type).put("source", "archive-clash").putObject("properties").put("kafka_offset", 7);
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
        .until(() -> api.postEvents(events).statusCode() == 200);

    JsonNode letter = awaitDeadLetter(stack, l -> type.equals(l.path("event_type").asText())
        && "unarchivable".equals(l.path("error_type").asText()));
    assertThat(letter.get("error_message").asText())
        .startsWith("not archived: ")
        .contains("pulse.events." + type)
        .contains("property 'kafka_offset' has the name of an archive column");
    assertThat(letter.get("payload").asText()).isNotEmpty();
  }

  @Test
  void compactionFoldsAClosedHoursCheckpointFilesIntoOne(LocalStack stack) throws Exception {
    String source = "archive-compact-" + UUID.randomUUID().toString().substring(0, 8);
    Instant hour = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.HOURS);
    var inHour = Expressions.and(
        Expressions.greaterThanOrEqual("event_time", hour.toEpochMilli() * 1000),
        Expressions.lessThan("event_time", hour.plus(Duration.ofHours(1)).toEpochMilli() * 1000));
    FlinkRest job = new FlinkRest(stack.archiveJobUrl());
    try (ArchiveReader archive = ArchiveReader.local(stack); DirectProducer producer = new DirectProducer(stack)) {
      for (int round = 1; round <= 4; round++) {
        for (int i = 0; i < 25; i++) {
          producer.send(DirectProducer.pageView(null, source, hour.plusSeconds(round * 60L + i)));
        }
        producer.flush();
        int expected = round * 25;
        // Each round lands in the next checkpoint, so in a file of its own.
        await().atMost(ARCHIVED_WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreException(NoSuchTableException.class)
            .until(() -> archive.rows("page_view", Expressions.equal("source", source)).size() == expected);
      }
      int filesBefore = archive.files("page_view", inHour).size();
      assertThat(filesBefore).as("one file per checkpoint in the hour's partition").isGreaterThanOrEqualTo(4);
      long rowsBefore = archive.rows("page_view", inHour).size();

      PulseApi api = new PulseApi(stack);
      HttpResponse<String> refused = api.send("POST", stack.archiveUrl() + "/v1/archive/upkeep", "", "application/json", null);
      assertThat(refused.statusCode()).isEqualTo(401);
      // Upkeep compacts before it answers: on CI's busy cores that took longer than a read's 30 s.
      HttpResponse<String> upkeep = api.send("POST", stack.archiveUrl() + "/v1/archive/upkeep", "", "application/json",
          stack.archiveToken(), Duration.ofMinutes(3));
      assertThat(upkeep.statusCode()).as(upkeep.body()).isEqualTo(200);

      // The hour is closed: its files fold into one per Kafka partition (all page_views share one).
      List<DataFile> after = archive.files("page_view", inHour);
      assertThat(after.stream().map(f -> f.partition().get(1, Integer.class)).distinct().count()).isEqualTo(after.size());
      assertThat(after.size()).isLessThan(filesBefore);
      assertThat(archive.rows("page_view", inHour)).hasSize((int) rowsBefore);
      assertThat(archive.rows("page_view", Expressions.equal("source", source))).hasSize(100);
      assertThat(job.runningJobStartTime()).isPositive();
    }
  }

  /** The rows of this source are exactly these event ids, each once, at distinct Kafka offsets. */
  static void assertArchivedOnce(ArchiveReader archive, String type, String source, Set<String> expected) {
    await().atMost(ARCHIVED_WITHIN).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
        .until(() -> archive.rows(type, Expressions.equal("source", source)).size() >= expected.size());
    List<Record> rows = archive.rows(type, Expressions.equal("source", source));
    List<String> ids = rows.stream().map(r -> (String) r.getField("event_id")).toList();
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(rows.stream().map(r -> r.getField("kafka_partition") + "@" + r.getField("kafka_offset")).toList())
        .doesNotHaveDuplicates();
  }

  private static Set<String> postProbes(PulseApi api, String type, String source, int count, String sessionPrefix)
      throws Exception {
    ArrayNode events = PulseApi.JSON.createArrayNode();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      ObjectNode event = events.addObject().put("event_type", type).put("source", source);
      ObjectNode properties = event.putObject("properties").put("plan", "pro");
      if (sessionPrefix != null) {
        properties.put("session_id", sessionPrefix + i);
      }
      ids.add(withEventId(event));
    }
    HttpResponse<String> response = api.postEvents(events);
    if (response.statusCode() != 200 || PulseApi.json(response).path("accepted").asInt() != count) {
      throw new IllegalStateException("not accepted yet: " + response.body());
    }
    return ids;
  }

  private static String withEventId(ObjectNode event) {
    String id = UUID.randomUUID().toString();
    event.put("event_id", id);
    return id;
  }

  /** Rows per hour and Kafka partition, as the archive service answers them from metadata. */
  private static Map<String, Long> countsFromApi(LocalStack stack, String type) throws Exception {
    Instant now = Instant.now();
    String query = "?event_type=" + type + "&from=" + now.minus(Duration.ofHours(8)).truncatedTo(ChronoUnit.HOURS)
        + "&to=" + now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
    HttpResponse<String> response = new PulseApi(stack).send("GET", stack.archiveUrl() + "/v1/archive/counts" + query, null, null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Long> counts = new HashMap<>();
    for (JsonNode hour : PulseApi.json(response).path("hours")) {
      counts.put(Instant.parse(hour.get("hour").asText()) + "/" + hour.get("kafka_partition").asInt(), hour.get("rows").asLong());
    }
    return counts;
  }

  private static Map<Integer, Long> highestOffsets(LocalStack stack) throws Exception {
    HttpResponse<String> response = new PulseApi(stack).send("GET", stack.archiveUrl() + "/v1/archive/offsets", null, null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<Integer, Long> highest = new HashMap<>();
    PulseApi.json(response).path("partitions").forEach(p -> highest.put(p.get("kafka_partition").asInt(), p.get("highest_offset").asLong()));
    return highest;
  }

  /** The same, counted row by row from the data files. */
  private static Map<String, Long> countsFromScan(ArchiveReader archive, String type) {
    Instant from = Instant.now().minus(Duration.ofHours(8)).truncatedTo(ChronoUnit.HOURS);
    return archive.rows(type, Expressions.greaterThanOrEqual("event_time", from.toEpochMilli() * 1000)).stream()
        .collect(Collectors.groupingBy(
            r -> ((OffsetDateTime) r.getField("event_time")).toInstant().truncatedTo(ChronoUnit.HOURS) + "/" + r.getField("kafka_partition"),
            Collectors.counting()));
  }

  private static void produceRaw(LocalStack stack, byte[] value) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", stack.kafkaBootstrap(), "key.serializer", ByteArraySerializer.class,
        "value.serializer", ByteArraySerializer.class))) {
      producer.send(new ProducerRecord<>(Topics.EVENTS_RAW.name(), "page_view".getBytes(StandardCharsets.UTF_8), value));
    }
  }

  /** The archive's own DLQ entry for these bytes (the pre-aggregation job writes one of its own). */
  private static JsonNode awaitArchiveDeadLetter(LocalStack stack, byte[] payload) throws Exception {
    String encoded = Base64.getEncoder().encodeToString(payload);
    return awaitDeadLetter(stack, letter -> encoded.equals(letter.path("payload").asText())
        && letter.path("error_message").asText().startsWith("not archived"));
  }

  private static JsonNode awaitDeadLetter(LocalStack stack, java.util.function.Predicate<JsonNode> wanted) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", stack.kafkaBootstrap(), "isolation.level", "read_committed",
        "key.deserializer", ByteArrayDeserializer.class, "value.deserializer", ByteArrayDeserializer.class))) {
      TopicPartition dlq = new TopicPartition(Topics.EVENTS_DLQ.name(), 0);
      consumer.assign(List.of(dlq));
      consumer.seekToBeginning(List.of(dlq));
      long deadline = System.nanoTime() + ARCHIVED_WITHIN.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          JsonNode letter = PulseApi.JSON.readTree(record.value());
          if (wanted.test(letter)) {
            return letter;
          }
        }
      }
    }
    throw new AssertionError("no such dead letter from the archive in events.dlq");
  }

  private static Map<String, Record> byEventId(List<Record> rows) {
    return rows.stream().collect(Collectors.toMap(r -> (String) r.getField("event_id"), r -> r));
  }

  private static Set<String> paths(List<DataFile> files) {
    return files.stream().map(f -> f.location()).collect(Collectors.toSet());
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return all;
  }
}
