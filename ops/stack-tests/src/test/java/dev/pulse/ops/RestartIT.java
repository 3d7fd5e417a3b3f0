package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Counts survive a crash of the Flink job and a full stop and start of the stack, with no event
 * counted twice and new events counted after.
 *
 * <p>How the test knows the restarted job has caught up: new events go to the same events.raw
 * partition (same event_type) after the old ones, and the job commits its output per checkpoint
 * for all partitions at once; once the new events are visible, the replay of the old ones is too.
 */
@ExtendWith(StackExtension.class)
class RestartIT {
  private static final Duration CAUGHT_UP_WITHIN = Duration.ofMinutes(2);

  @Test
  void aKilledFlinkJobResumesFromItsCheckpointWithoutCountingTwice(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String before = "crash-" + UUID.randomUUID();
    postAndAwait(api, before, 120);

    stack.kill9("preagg-flink");
    stack.run("up");

    String after = "crash-" + UUID.randomUUID();
    postAndAwait(api, after, 30);
    assertThat(api.total("event_count", "source:" + before)).isEqualTo(120);
    assertThat(api.total("event_count", "source:" + after)).isEqualTo(30);
  }

  @Test
  void upAfterDownServesTheSameCounts(LocalStack stack) throws Exception {
    String before = "restart-" + UUID.randomUUID();
    postAndAwait(new PulseApi(stack), before, 50);

    stack.run("down");
    stack.run("up");

    PulseApi api = new PulseApi(stack);
    String after = "restart-" + UUID.randomUUID();
    postAndAwait(api, after, 10);
    assertThat(api.total("event_count", "source:" + before)).isEqualTo(50);
    assertThat(api.total("event_count", "source:" + after)).isEqualTo(10);
  }

  private static void postAndAwait(PulseApi api, String source, int count) throws Exception {
    assertThat(api.postEvents(PulseApi.batch(count, source)).statusCode()).isEqualTo(200);
    await().atMost(CAUGHT_UP_WITHIN).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> api.total("event_count", "source:" + source) >= count);
  }
}
