package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.contract.Topics;
import dev.pulse.contract.aggregate.AggregateCodec;
import dev.pulse.contract.aggregate.AggregateRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.expressions.Expressions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An event three hours late, beyond the streaming job's two hours of lateness: the job hands it to
 * metrics.corrections and the realtime value never counts it. The next corrections merge (the
 * stack's Pinot Minion running PulseCorrectionsMergeTask) puts it in the stitched value of its
 * window; a second merge changes nothing.
 */
@ExtendWith(StackExtension.class)
class CorrectionsMergeIT {
  private static final String TENANT = "late-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void anEventBeyondTheLatenessIsInItsWindowAfterTheNextMergeAndASecondMergeChangesNothing(LocalStack stack)
      throws Exception {
    PulseApi api = new PulseApi(stack);
    MinionTasks minion = new MinionTasks(stack);
    Instant now = Instant.now();
    Instant late = now.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES).plusSeconds(20);
    try (DirectProducer live = new DirectProducer(stack)) {
      // A live event first, so the job's watermark stands at now when the late one comes.
      live.send(DirectProducer.event("page_view", "late-drill", TENANT, "u", now, Map.of("page", "/live")));
      live.flush();
    }
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
        .until(() -> value(api, now.truncatedTo(ChronoUnit.MINUTES)) == 1.0);
    PreAggregationIT.awaitBeyondLateness(stack, late);
    // A new producer, not one left idle through the waits (see PreAggregationIT).
    try (DirectProducer producer = new DirectProducer(stack)) {
      producer.send(DirectProducer.event("page_view", "late-drill", TENANT, "u", late, Map.of("page", "/late")));
      producer.flush();
    }
    Instant minute = late.truncatedTo(ChronoUnit.MINUTES);
    awaitCorrection(stack, minute);
    assertThat(value(api, minute)).as("the realtime value leaves out an event beyond the lateness").isZero();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3))
        .until(() -> archived(stack, minute) == 1);

    assertThat(minion.runAndWait(MinionTasks.CORRECTIONS_MERGE, Map.of())).isEqualTo("COMPLETED");
    JsonNode merged = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
        .until(() -> read(api, minute), a -> a.get("total").asDouble() == 1.0);
    String restatedAt = merged.get("windows").get(0).get("restated_at").asText();
    assertThat(restatedAt).isNotEmpty();
    JsonNode watermark = minion.metadata(MinionTasks.CORRECTIONS_MERGE);
    assertThat(watermark.toString()).contains("next");

    assertThat(minion.runAndWait(MinionTasks.CORRECTIONS_MERGE, Map.of())).isEqualTo("COMPLETED");
    // For longer than the API takes to renew history's coverage (5 s and one query), every read
    // must still show the first merge's restatement: the second found nothing here to restate.
    await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> read(api, minute), again -> again.get("total").asDouble() == 1.0
            && again.get("windows").get(0).get("restated_at").asText().equals(restatedAt));
  }

  private static JsonNode read(PulseApi api, Instant minute) throws Exception {
    return PulseApi.json(api.get("/v1/metrics/page_views?window_start=" + minute + "&window_end="
        + minute.plus(Duration.ofMinutes(1)) + "&dimensions=tenant:" + TENANT));
  }

  private static double value(PulseApi api, Instant minute) throws Exception {
    return read(api, minute).get("total").asDouble();
  }

  /** Waits until the streaming job has handed the late event's window to metrics.corrections. */
  private static void awaitCorrection(LocalStack stack, Instant minute) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", stack.kafkaBootstrap(),
        "group.id", "it-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "isolation.level", "read_committed",
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(Topics.METRICS_CORRECTIONS.name()));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          AggregateRecord row = AggregateCodec.decode(record.value());
          if (row.metric().equals("page_views") && TENANT.equals(row.dims().get("tenant"))
              && row.windowStart() == minute.toEpochMilli()) {
            return;
          }
        }
      }
      throw new AssertionError("no correction for " + TENANT + " at " + minute + " on metrics.corrections");
    }
  }

  private static long archived(LocalStack stack, Instant minute) throws Exception {
    try (ArchiveReader archive = ArchiveReader.local(stack)) {
      return archive.rows("page_view", Expressions.and(Expressions.equal("tenant", TENANT),
          Expressions.greaterThanOrEqual("event_time", minute.toEpochMilli() * 1000),
          Expressions.lessThan("event_time", minute.plus(Duration.ofMinutes(1)).toEpochMilli() * 1000))).size();
    }
  }
}
