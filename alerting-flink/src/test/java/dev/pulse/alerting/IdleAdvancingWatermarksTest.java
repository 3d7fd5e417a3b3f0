package dev.pulse.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.aggregation.RawEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** One partition's watermarks, with the wall clock under the test's control. */
class IdleAdvancingWatermarksTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final Duration BACKLOG_IDLE = Duration.ofSeconds(30);

  private long now = T0;
  private final Recorded output = new Recorded();
  private final IdleAdvancingWatermarks watermarks =
      new IdleAdvancingWatermarks(OUT_OF_ORDERNESS, IDLE, BACKLOG_IDLE, () -> now);

  @Test
  void aPartitionReadUpToItsHeadFollowsTheWallClockOnceQuiet() {
    event(now - 500);
    tick(Duration.ofSeconds(1));
    assertThat(output.last()).isEqualTo(T0 - 500 - 2_001);

    tick(Duration.ofSeconds(2)); // quiet for 3 s
    assertThat(output.last()).isEqualTo(now - 4_000);
  }

  @Test
  void aPartitionJustAssignedDoesNotJumpPastTheBacklogItHasNotFetchedYet() {
    tick(Duration.ofSeconds(5)); // a restore: the first fetch is slow
    assertThat(output.emitted).isEmpty();

    long backlog = T0 - 60_000; // events produced while the job was down
    event(backlog);
    event(backlog + 1_000);
    tick(Duration.ofSeconds(3));
    assertThat(output.last()).as("event time follows the backlog, not the wall clock").isEqualTo(backlog + 1_000 - 2_001);
  }

  @Test
  void aPartitionBehindItsHeadFollowsTheWallClockOnlyAfterTheLongerWait() {
    event(now - 60_000);
    tick(Duration.ofSeconds(29));
    assertThat(output.last()).isEqualTo(T0 - 60_000 - 2_001);

    tick(Duration.ofSeconds(2));
    assertThat(output.last()).isEqualTo(now - 4_000);
  }

  @Test
  void aPartitionThatNeverDeliversStopsHoldingTimeBackAfterTheLongerWait() {
    tick(Duration.ofSeconds(31));
    assertThat(output.last()).isEqualTo(now - 4_000);
  }

  @Test
  void aBacklogReadUpToTheHeadCountsAsCaughtUp() {
    event(now - 60_000);
    now += 1_000;
    event(now - 300); // the newest event is recent: nothing more is waiting
    tick(Duration.ofSeconds(3));
    assertThat(output.last()).isEqualTo(now - 4_000);
  }

  private void event(long eventTime) {
    watermarks.onEvent(new RawEvent(), eventTime, output);
  }

  /** The clock moves on; Flink asks for a watermark every 200 ms meanwhile. */
  private void tick(Duration duration) {
    long end = now + duration.toMillis();
    while (now < end) {
      now = Math.min(end, now + 200);
      watermarks.onPeriodicEmit(output);
    }
  }

  private static final class Recorded implements WatermarkOutput {
    final List<Long> emitted = new ArrayList<>();

    long last() {
      return emitted.get(emitted.size() - 1);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
      emitted.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  }
}
