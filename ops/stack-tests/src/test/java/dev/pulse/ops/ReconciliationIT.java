package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitor's exact audit over the real stack: each final minute of event time, the events
 * accepted (a recount of events.raw) against the pre-aggregation's count in Pinot and the
 * archive's, and the offset audit of events.raw against the archive. A fault that silently loses 1%
 * of the events before aggregation must be found in the first minute it touches, within a minute of
 * that minute's end, with the stage named, and page.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static OnCallPages pages;

  @BeforeAll
  static void pageThroughTheOnCallChannel(LocalStack stack) throws Exception {
    pages = new OnCallPages(stack);
  }

  @AfterAll
  static void stopReceiving() {
    pages.close();
  }

  /**
   * One load phase, both audits. The first full minute of the load holds, beside the load, a record
   * no job can decode and two transactions, one committed and one aborted. Each stage must hold
   * every accepted event of the minute; and the offset audit of the same period (a minute in the
   * tests, an hour in production) must account for every offset Kafka wrote, none missing.
   */
  @Test
  @Order(1)
  void everyStageHoldsEveryAcceptedEventOfAFinalMinuteAndEveryOffsetIsAccountedFor(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    try (Load load = new Load(new PulseApi(stack), "balanced")) {
      Instant firstFull = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
      await().atMost(Duration.ofMinutes(2)).until(() -> Instant.now().isAfter(firstFull.plusSeconds(5)));
      byte[] garbage = ("{\"not\": \"avro\", \"audit\": \"" + firstFull + "\"}").getBytes(StandardCharsets.UTF_8);
      produceInTransaction(stack, garbage, true);
      produceInTransaction(stack, garbage, false);

      for (String stage : List.of("aggregation", "archive")) {
        JsonNode judged = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
            .until(() -> judgedMinute(monitoring, stage), minute -> minute != null
                && !Instant.parse(minute.path("metric").path("minute").asText()).isBefore(firstFull));
        String minute = judged.path("metric").path("minute").asText();
        double expected = judged.path("value").path(1).asDouble();
        assertThat(expected).as("events of %s", minute).isGreaterThan(1000);
        assertThat(value(monitoring, "pulse_reconciliation_found_events", stage, minute)).as(stage).isEqualTo(expected);
        assertThat(value(monitoring, "pulse_reconciliation_deficit", stage, minute)).as(stage).isZero();
      }
      assertThat(monitoring.activeAlerts("ReconciliationDeficit")).isEmpty();
      assertEveryOffsetAccountedFor(monitoring, firstFull);
    }
  }

  private static void assertEveryOffsetAccountedFor(Monitoring monitoring, Instant period) throws Exception {
    String label = "{period=\"" + period + "\"}";
    await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
        .until(() -> monitoring.query("pulse_offset_audit_kafka_offsets" + label), samples -> !samples.isEmpty());
    double offsets = monitoring.value("pulse_offset_audit_kafka_offsets" + label);
    double archived = monitoring.value("pulse_offset_audit_archived" + label);
    double deadLetters = monitoring.value("pulse_offset_audit_dead_letters" + label);
    double notRecords = monitoring.value("pulse_offset_audit_not_records" + label);
    assertThat(monitoring.value("pulse_offset_audit_missing" + label)).isZero();
    assertThat(archived).as("the load's events of the minute").isGreaterThan(1000);
    assertThat(deadLetters).as("the committed undecodable record").isGreaterThanOrEqualTo(1);
    // The committed transaction's marker, and the aborted record with its own marker.
    assertThat(notRecords).isGreaterThanOrEqualTo(3);
    assertThat(archived + deadLetters + notRecords).isEqualTo(offsets);
    assertThat(monitoring.activeAlerts("ArchiveOffsetsMissing")).isEmpty();
  }

  @Test
  @Order(2)
  void eventsLostBeforeAggregationAreFlaggedInTheFirstFinalMinuteWithTheStageNamed(LocalStack stack) throws Exception {
    Monitoring monitoring = new Monitoring(stack);
    restartPreaggregation(stack, Map.of("PULSE_PREAGG_FAULT_DROP_SHARE", "0.01"));
    Instant faultFrom = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (Load load = new Load(new PulseApi(stack), "lossy")) {
      List<Monitoring.Active> flagged = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
          .until(() -> monitoring.activeAlerts("ReconciliationDeficit"), alerts -> !alerts.isEmpty());
      Instant flaggedAt = Instant.now();

      assertThat(flagged).extracting(alert -> alert.labels().get("stage")).containsExactly("aggregation");
      Matcher named = Pattern.compile("Events went missing in the aggregation stage: minute (\\S+) holds fewer")
          .matcher(flagged.get(0).annotations().get("summary"));
      assertThat(named.find()).as(flagged.get(0).annotations().get("summary")).isTrue();
      Instant minute = Instant.parse(named.group(1));
      // The first minute the faulty job counted: the one it started in (it replays from its
      // checkpoint), or the next when that one held no events.
      assertThat(minute).isBetween(faultFrom.minus(1, ChronoUnit.MINUTES), faultFrom.plus(1, ChronoUnit.MINUTES));
      assertThat(Duration.between(minute.plus(1, ChronoUnit.MINUTES), flaggedAt)).isLessThanOrEqualTo(Duration.ofSeconds(60));
      OnCallPages.Page page = pages.awaitTrigger("Events went missing in the aggregation stage: minute " + minute);
      assertThat(page.severity()).isEqualTo("critical");
      // The first minute the faulty job counts whole loses about 1% (chosen by event id).
      Instant whole = minute.plus(1, ChronoUnit.MINUTES);
      JsonNode next = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
          .until(() -> judgedMinute(monitoring, "aggregation"), judged -> judged != null
              && !Instant.parse(judged.path("metric").path("minute").asText()).isBefore(whole));
      String nextMinute = next.path("metric").path("minute").asText();
      double expected = next.path("value").path(1).asDouble();
      double lost = value(monitoring, "pulse_reconciliation_deficit", "aggregation", nextMinute);
      assertThat(lost / expected).as("the share lost of %s events in %s", expected, nextMinute).isBetween(0.004, 0.02);

      JsonNode archived = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
          .until(() -> judgedMinute(monitoring, "archive"), judged -> judged != null
              && !Instant.parse(judged.path("metric").path("minute").asText()).isBefore(minute));
      assertThat(value(monitoring, "pulse_reconciliation_deficit", "archive", archived.path("metric").path("minute").asText()))
          .as("the archive has every event").isZero();
    } finally {
      restartPreaggregation(stack, Map.of());
    }
    await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
        .until(() -> monitoring.activeAlerts("ReconciliationDeficit"), List::isEmpty);
  }

  private static void produceInTransaction(LocalStack stack, byte[] value, boolean commit) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", stack.kafkaBootstrap(), "transactional.id", "audit-" + UUID.randomUUID(),
        "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(Topics.EVENTS_RAW.name(), "page_view".getBytes(StandardCharsets.UTF_8), value));
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.flush();
        producer.abortTransaction();
      }
    }
  }

  /** kill -9, then up: the job resumes from its checkpoint with this environment. */
  private static void restartPreaggregation(LocalStack stack, Map<String, String> environment) throws Exception {
    stack.kill9("preagg-flink");
    stack.run(environment, "up");
  }

  /** The newest minute a stage was judged for, as Prometheus has it. */
  private static JsonNode judgedMinute(Monitoring monitoring, String stage) throws Exception {
    List<JsonNode> samples = monitoring.query("pulse_reconciliation_expected_events{stage=\"" + stage + "\"}");
    return samples.stream().max((a, b) -> a.path("metric").path("minute").asText()
        .compareTo(b.path("metric").path("minute").asText())).orElse(null);
  }

  private static double value(Monitoring monitoring, String metric, String stage, String minute) throws Exception {
    List<JsonNode> samples = monitoring.query(metric + "{stage=\"" + stage + "\",minute=\"" + minute + "\"}");
    assertThat(samples).as(metric + " of " + stage + " at " + minute).hasSize(1);
    return samples.get(0).path("value").path(1).asDouble();
  }

  /** 50 events every 500 ms over HTTP, every one valid. */
  private static final class Load implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Load(PulseApi api, String source) {
      timer.scheduleAtFixedRate(() -> {
        try {
          api.postEvents(PulseApi.batch(50, source));
        } catch (Exception e) {
          // a refused batch is not accepted: the recount does not expect it either
        }
      }, 0, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
