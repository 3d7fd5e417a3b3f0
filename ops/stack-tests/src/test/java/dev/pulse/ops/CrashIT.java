package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Flink job is killed (kill -9) three times while events stream in, once while a checkpoint is
 * in flight, and restarted by {@code ops/stack up} each time. Every metric and window read back
 * from Pinot must then equal a recount of the distinct events sent.
 */
@ExtendWith(StackExtension.class)
class CrashIT {
  private static final int EVENTS = 6_000;
  private static final Duration SEND_OVER = Duration.ofSeconds(24);

  @Test
  void killingTheJobMidStreamLosesAndDoublesNothing(LocalStack stack) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant start = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.MINUTES);
    List<GenericRecord> events = events(run, start);

    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(stack, events));
    killAfter(stack, Duration.ofSeconds(5), false);
    killAfter(stack, Duration.ofSeconds(3), true);
    killAfter(stack, Duration.ofSeconds(4), false);
    sending.get();
    awaitCaughtUp(stack, run);

    PulseApi api = new PulseApi(stack);
    for (int s = 0; s < 3; s++) {
      String source = run + "-s" + s;
      assertBucketsEqual(api, "event_count", "source:" + source + ",event_type:page_view", start,
          expected(events, source, "page_view", false));
      assertBucketsEqual(api, "event_count", "source:" + source + ",event_type:purchase", start,
          expected(events, source, "purchase", false));
      assertBucketsEqual(api, "revenue", "source:" + source, start, expected(events, source, "purchase", true));
    }
  }

  /** Distinct events spread over 40 one-minute windows, plus one resend in ten (same event_id). */
  private static List<GenericRecord> events(String run, Instant start) {
    List<GenericRecord> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      String source = run + "-s" + (i % 3);
      Instant at = start.plusMillis(i * 400L);
      GenericRecord event =
          i % 4 == 0 ? DirectProducer.purchase(source, at, (i % 97) + 0.25) : DirectProducer.pageView(null, source, at);
      events.add(event);
      if (i % 10 == 0) {
        events.add(event);
      }
    }
    return events;
  }

  private static void send(LocalStack stack, List<GenericRecord> events) {
    long pauseNanos = SEND_OVER.toNanos() / events.size();
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (GenericRecord event : events) {
        producer.send(event);
        LockSupport.parkNanos(pauseNanos);
      }
      producer.flush();
    }
  }

  /**
   * Kills the job once this run of it has completed a checkpoint, so the restart restores state
   * rather than starting over; with {@code duringCheckpoint}, 15 ms after the next checkpoint is
   * triggered (they take 30-70 ms here), so it dies with that checkpoint in flight. The restarted
   * job must then have restored the checkpoint before it, which the test checks.
   */
  private static void killAfter(LocalStack stack, Duration delay, boolean duringCheckpoint) throws Exception {
    Thread.sleep(delay.toMillis());
    FlinkRest flink = new FlinkRest(stack);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> flink.completedCheckpoints() > 0);
    FlinkRest.Checkpoint last = flink.latestCompleted();
    if (duringCheckpoint) {
      long killAt = last.triggeredAt() + flink.checkpointInterval() + 15;
      Thread.sleep(Math.max(0, killAt - System.currentTimeMillis()));
    }
    stack.kill9("preagg-flink");
    stack.run("up");
    if (duringCheckpoint) {
      // The one before the checkpoint in flight; or that one, when it completed before the kill
      // landed (a loaded machine can delay the kill past its 30-70 ms). Either is complete; the
      // counts below show nothing was lost or doubled.
      assertThat(flink.restoredCheckpoint()).as("restored checkpoint after a kill mid-checkpoint")
          .isBetween(last.id(), last.id() + 1);
    } else {
      assertThat(flink.restoredCheckpoint()).as("restored checkpoint").isGreaterThanOrEqualTo(last.id());
    }
  }

  /** Once a later event of each partition is served, everything before it is too. */
  private static void awaitCaughtUp(LocalStack stack, String run) throws Exception {
    String sentinel = run + "-sentinel";
    try (DirectProducer producer = new DirectProducer(stack)) {
      producer.send(DirectProducer.pageView(null, sentinel, Instant.now()));
      producer.send(DirectProducer.purchase(sentinel, Instant.now(), 1));
      producer.flush();
    }
    PulseApi api = new PulseApi(stack);
    await().atMost(Duration.ofMinutes(3)).ignoreExceptions()
        .until(() -> api.total("event_count", "source:" + sentinel) == 2);
  }

  /** Per one-minute window: the number of distinct events, or the sum of their amounts. */
  private static Map<Long, Double> expected(List<GenericRecord> events, String source, String type, boolean sumAmount) {
    Map<Long, Double> perWindow = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (GenericRecord e : events) {
      if (!e.get("source").equals(source) || !e.get("event_type").equals(type) || !seen.add(e.get("event_id").toString())) {
        continue;
      }
      long window = (long) e.get("event_time") / 60_000 * 60_000;
      double add = sumAmount ? (double) ((GenericRecord) e.get("properties")).get("amount") : 1;
      perWindow.merge(window, add, Double::sum);
    }
    return perWindow;
  }

  private static void assertBucketsEqual(PulseApi api, String metric, String dimensions, Instant start, Map<Long, Double> expected)
      throws Exception {
    JsonNode series = PulseApi.json(api.get("/v1/metrics/" + metric + "?window_start=" + start
        + "&window_end=" + start.plus(Duration.ofMinutes(60)) + "&dimensions=" + dimensions));
    Map<Long, Double> actual = new TreeMap<>();
    for (JsonNode bucket : series.get("windows")) {
      actual.put(Instant.parse(bucket.get("window_start").asText()).toEpochMilli(), bucket.get("value").asDouble());
    }
    assertThat(actual.keySet()).as("%s %s windows", metric, dimensions).isEqualTo(expected.keySet());
    expected.forEach((window, value) ->
        assertThat(actual.get(window)).as("%s %s at %s", metric, dimensions, Instant.ofEpochMilli(window))
            .isCloseTo(value, within(1e-6)));
  }
}
