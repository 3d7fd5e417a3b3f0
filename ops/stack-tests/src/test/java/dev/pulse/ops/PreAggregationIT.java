package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pulse.contract.Topics;
import dev.pulse.contract.aggregate.AggregateCodec;
import dev.pulse.contract.aggregate.AggregateRecord;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pre-aggregation job's guarantees, observed through the real Kafka, Pinot and API. */
@ExtendWith(StackExtension.class)
class PreAggregationIT {
  private static final Duration WITHIN = Duration.ofMinutes(2);

  @Test
  void aRetriedBatchWithTheSameEventIdsIsCountedOnce(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String source = "dedup-" + UUID.randomUUID();
    ArrayNode batch = PulseApi.batch(10, source);
    for (int i = 0; i < batch.size(); i++) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) batch.get(i)).put("event_id", source + "-" + i);
    }

    api.postEvents(batch);
    api.postEvents(batch); // the client's retry
    ArrayNode marker = PulseApi.batch(1, source); // after the retry, in the same partition

    api.postEvents(marker);
    await().atMost(WITHIN).ignoreExceptions().until(() -> api.total("event_count", "source:" + source) >= 11);
    assertThat(api.total("event_count", "source:" + source)).isEqualTo(11);
  }

  @Test
  void aLateEventWithinTheLatenessUpdatesTheServedValueWithAHigherVersion(LocalStack stack) throws Exception {
    String source = "late-" + UUID.randomUUID();
    Instant window = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
    PinotSql pinot = new PinotSql(stack);
    try (DirectProducer producer = new DirectProducer(stack)) {
      producer.send(DirectProducer.pageView(null, source, window.plusSeconds(10)));
      producer.flush();
      JsonNode first = await().atMost(WITHIN).ignoreExceptions().until(() -> row(pinot, source, window), Optional::isPresent).get();

      producer.send(DirectProducer.pageView(null, source, window.plusSeconds(20)));
      producer.flush();
      JsonNode second =
          await().atMost(WITHIN).ignoreExceptions()
              .until(() -> row(pinot, source, window), r -> r.isPresent() && r.get().get(0).asDouble() == 2).get();

      assertThat(first.get(0).asDouble()).isEqualTo(1);
      assertThat(second.get(1).asLong()).isGreaterThan(first.get(1).asLong());
      assertThat(second.get(2).asBoolean()).isTrue();
      PulseApi api = new PulseApi(stack);
      JsonNode served = PulseApi.json(api.get("/v1/metrics/event_count?dimensions=source:" + source
          + "&window_start=" + window + "&window_end=" + window.plusSeconds(60)));
      assertThat(served.get("total").asDouble()).isEqualTo(2);
    }
  }

  @Test
  void anOpenWindowIsServedProvisionallyFirstThenFinally(LocalStack stack) throws Exception {
    // A window ahead of the watermark, so it is open: events in the future of every other test.
    String source = "provisional-" + UUID.randomUUID();
    Instant window = Instant.now().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
    PinotSql pinot = new PinotSql(stack);
    String allVersions = "SELECT version, is_final, \"value\" FROM metrics_agg WHERE metric = 'event_count'"
        + " AND window_spec = '1m' AND window_start = " + window.toEpochMilli()
        + " AND JSON_MATCH(dims, '\"$.source\"=''" + source + "''') ORDER BY version LIMIT 100";
    try (DirectProducer producer = new DirectProducer(stack)) {
      producer.send(DirectProducer.pageView(null, source, window.plusSeconds(5)));
      producer.flush();
      await().atMost(WITHIN).ignoreExceptions().until(() -> !pinot.rows(allVersions, "skipUpsert=true").isEmpty());

      // An event well past the window's end moves the watermark beyond it. Keyed by its own id, it
      // most likely lands on another partition than the first, and every other partition is quiet:
      // the window closes only if idle partitions stop holding the watermark back (idleness).
      producer.send(DirectProducer.pageView(null, source + "-later", window.plusSeconds(120)));
      producer.flush();
    }

    List<JsonNode> versions =
        await().atMost(WITHIN).ignoreExceptions()
            .until(() -> pinot.rows(allVersions, "skipUpsert=true"),
                rows -> !rows.isEmpty() && rows.get(rows.size() - 1).get(1).asBoolean());
    assertThat(versions.get(0).get(1).asBoolean()).as("first emission is provisional").isFalse();
    assertThat(versions.get(versions.size() - 1).get(2).asDouble()).isEqualTo(1);
    assertThat(versions).extracting(r -> r.get(0).asLong()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void anEventBeyondTheLatenessGoesToCorrectionsWithItsWindow(LocalStack stack) throws Exception {
    String source = "beyond-" + UUID.randomUUID();
    Instant window = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
    try (DirectProducer live = new DirectProducer(stack)) {
      live.send(DirectProducer.pageView(null, source + "-live", Instant.now()));
      live.flush();
    }
    awaitBeyondLateness(stack, window);
    // A new producer: one left idle through the wait once hung for good in the registry client's
    // schema lookup (a CompletableFuture it waits for without a timeout).
    try (DirectProducer producer = new DirectProducer(stack)) {
      producer.send(DirectProducer.pageView(null, source, window.plusSeconds(5)));
      producer.flush();
    }

    AggregateRecord correction = awaitCorrection(stack, source);

    assertThat(correction.metric()).isEqualTo("event_count");
    assertThat(correction.windowStart()).isEqualTo(window.toEpochMilli());
    assertThat(correction.value()).isEqualTo(1);
    assertThat(new PinotSql(stack).rows(rowSql(source, window))).isEmpty();
  }

  @Test
  void aMetricAddedToTheCatalogIsComputedAndServedWithoutARestart(LocalStack stack) throws Exception {
    FlinkRest flink = new FlinkRest(stack);
    long jobStarted = flink.runningJobStartTime();
    String metric = "views_" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(
        stack.catalogFile(),
        "\n  - name: " + metric + "\n    aggregation: count\n    filter: {event_types: [page_view]}\n    dimensions: [source]\n",
        StandardOpenOption.APPEND);
    PulseApi api = new PulseApi(stack);

    // Every subtask re-reads the file on its own within seconds; wait until a probe is fully counted.
    await().atMost(WITHIN).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
      String probe = "probe-" + UUID.randomUUID();
      api.postEvents(PulseApi.batch(20, probe));
      Thread.sleep(8_000);
      return api.total(metric, "source:" + probe) == 20;
    });
    String source = "catalog-" + UUID.randomUUID();
    api.postEvents(PulseApi.batch(50, source));

    await().atMost(WITHIN).ignoreExceptions().until(() -> api.total(metric, "source:" + source) >= 50);
    assertThat(api.total(metric, "source:" + source)).isEqualTo(50);
    assertThat(flink.runningJobStartTime()).isEqualTo(jobStarted);
  }

  /**
   * Waits until the job's watermark has gone past the allowed lateness (2 h) of the minute window
   * of {@code eventTime}, so that an event of then is beyond it. On a young stack, or one whose
   * partitions have not all been read or idle for long enough, the watermark lags behind now and
   * such an event is still counted in its window, as it should be.
   */
  static void awaitBeyondLateness(LocalStack stack, Instant eventTime) {
    FlinkRest flink = new FlinkRest(stack);
    long windowEnd = eventTime.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).toEpochMilli();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> flink.inputWatermark("windows") >= windowEnd + Duration.ofHours(2).toMillis());
  }

  private static String rowSql(String source, Instant window) {
    return "SELECT \"value\", version, is_final FROM metrics_agg WHERE metric = 'event_count' AND window_spec = '1m'"
        + " AND window_start = " + window.toEpochMilli()
        + " AND JSON_MATCH(dims, '\"$.source\"=''" + source + "''')";
  }

  private static Optional<JsonNode> row(PinotSql pinot, String source, Instant window) throws Exception {
    List<JsonNode> rows = pinot.rows(rowSql(source, window));
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static AggregateRecord awaitCorrection(LocalStack stack, String source) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(Map.of(
            "bootstrap.servers", stack.kafkaBootstrap(),
            "group.id", "it-" + UUID.randomUUID(),
            "auto.offset.reset", "earliest",
            "isolation.level", "read_committed",
            "key.deserializer", ByteArrayDeserializer.class,
            "value.deserializer", ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(Topics.METRICS_CORRECTIONS.name()));
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          AggregateRecord correction = AggregateCodec.decode(record.value());
          if (source.equals(correction.dims().get("source")) && correction.metric().equals("event_count")
              && correction.windowSpec().equals("1m")) {
            return correction;
          }
        }
      }
      throw new AssertionError("no correction for " + source + " in " + Topics.METRICS_CORRECTIONS.name());
    }
  }
}
