package dev.pulse.preagg.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.aggregation.Accumulator;
import dev.pulse.aggregation.Partial;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window operator alone, with checkpoints and watermarks under the test's control. */
class WindowAggregatorTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % MINUTE;
  private static final Duration LATENESS = Duration.ofMinutes(10);

  private KeyedOneInputStreamOperatorTestHarness<String, Partial, AggregateRecord> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
    harness.setProcessingTime(0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Partial, AggregateRecord> newHarness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new WindowOperator(new WindowAggregator(LATENESS)), partial -> partial.seriesKey, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void provisionalThenFinalThenLateCorrectionEachWithTheNextVersion() throws Exception {
    harness.processElement(count(T0, 3), T0);
    harness.prepareSnapshotPreBarrier(1);
    harness.processElement(count(T0, 2), T0);
    harness.prepareSnapshotPreBarrier(2);
    harness.processWatermark(T0 + MINUTE); // passes the window's end
    harness.processElement(count(T0, 1), T0); // late, within the allowed lateness
    harness.prepareSnapshotPreBarrier(3);

    List<AggregateRecord> out = emitted();
    assertThat(out).extracting(AggregateRecord::version).containsExactly(1L, 2L, 3L, 4L);
    assertThat(out).extracting(AggregateRecord::value).containsExactly(3.0, 5.0, 5.0, 6.0);
    assertThat(out).extracting(AggregateRecord::isFinal).containsExactly(false, false, true, true);
    assertThat(out.get(0).windowStart()).isEqualTo(T0);
    assertThat(out.get(0).windowEnd()).isEqualTo(T0 + MINUTE);
  }

  @Test
  void aWindowChangedManyTimesBetweenCheckpointsIsEmittedOnceAndAnUnchangedOneNotAgain() throws Exception {
    harness.processElement(count(T0, 1), T0);
    harness.processElement(count(T0, 2), T0);
    harness.processElement(count(T0 + MINUTE, 1), T0 + MINUTE);
    harness.prepareSnapshotPreBarrier(1);
    harness.prepareSnapshotPreBarrier(2);
    harness.processElement(count(T0 + MINUTE, 4), T0 + MINUTE);
    harness.prepareSnapshotPreBarrier(3);

    assertThat(emitted()).extracting(AggregateRecord::windowStart, AggregateRecord::value, AggregateRecord::version)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(T0, 3.0, 1L),
            org.assertj.core.groups.Tuple.tuple(T0 + MINUTE, 1.0, 1L),
            org.assertj.core.groups.Tuple.tuple(T0 + MINUTE, 5.0, 2L));
  }

  @Test
  void nothingIsPublishedBetweenCheckpoints() throws Exception {
    harness.processElement(count(T0, 1), T0);
    harness.setProcessingTime(60_000);

    assertThat(emitted()).isEmpty();
  }

  @Test
  void aPaneBeyondTheAllowedLatenessBecomesACorrectionAndStateDrainsToZero() throws Exception {
    harness.processElement(count(T0, 4), T0);
    harness.processWatermark(T0 + MINUTE + LATENESS.toMillis()); // final, then lateness over

    harness.processElement(count(T0, 2), T0);

    assertThat(emitted()).singleElement().satisfies(r -> {
      assertThat(r.value()).isEqualTo(4);
      assertThat(r.isFinal()).isTrue();
    });
    assertThat(harness.getSideOutput(WindowAggregator.CORRECTIONS))
        .extracting(StreamRecord::getValue)
        .singleElement()
        .satisfies(c -> {
          assertThat(c.windowStart()).isEqualTo(T0);
          assertThat(c.value()).isEqualTo(2);
          assertThat(c.version()).isZero();
        });
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void afterARestoreAPaneBeyondTheLatenessOfTheLastWatermarkIsStillACorrection() throws Exception {
    harness.processElement(count(T0, 4), T0);
    harness.processWatermark(T0 + MINUTE + LATENESS.toMillis()); // final, state dropped
    OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
    harness.close();

    harness = newHarness(); // watermarks are not checkpointed: this one starts from none
    harness.initializeState(checkpoint);
    harness.open();
    harness.processElement(count(T0, 2), T0);
    harness.processWatermark(T0 + MINUTE);

    assertThat(emitted()).isEmpty();
    assertThat(harness.getSideOutput(WindowAggregator.CORRECTIONS))
        .extracting(StreamRecord::getValue)
        .singleElement()
        .satisfies(c -> assertThat(c.value()).isEqualTo(2));
  }

  @Test
  void aSlidingPaneCountsInEveryWindowThatContainsIt() throws Exception {
    Partial pane = count(T0 + 30_000, 1);
    pane.windowSize = 5 * MINUTE;
    pane.windowSlide = 30_000;
    pane.windowId = "5m/30s";
    harness.processElement(pane, pane.paneStart);
    harness.processWatermark(T0 + 10 * MINUTE);

    List<AggregateRecord> out = emitted();
    assertThat(out).hasSize(10).allSatisfy(r -> assertThat(r.value()).isEqualTo(1));
    assertThat(out).extracting(AggregateRecord::windowStart)
        .allSatisfy(start -> assertThat(start).isBetween(T0 + 30_000 - 5 * MINUTE + 30_000, T0 + 30_000));
    assertThat(out).extracting(r -> r.windowEnd() - r.windowStart()).containsOnly(5 * MINUTE);
  }

  @Test
  void averagesKeepTheirNumeratorAndDenominator() throws Exception {
    Partial pane = count(T0, 2);
    pane.aggregation = Aggregation.AVG.ordinal();
    pane.acc.numerator = 30;
    pane.acc.denominator = 2;
    Partial more = count(T0, 1);
    more.aggregation = Aggregation.AVG.ordinal();
    more.acc.numerator = 30;
    more.acc.denominator = 1;
    harness.processElement(pane, T0);
    harness.processElement(more, T0);
    harness.processWatermark(T0 + MINUTE);

    assertThat(emitted()).singleElement().satisfies(r -> {
      assertThat(r.value()).isEqualTo(20);
      assertThat(r.numerator()).isEqualTo(60);
      assertThat(r.denominator()).isEqualTo(3);
    });
  }

  private List<AggregateRecord> emitted() {
    return harness.extractOutputValues();
  }

  private static Partial count(long paneStart, long events) {
    Partial partial = new Partial();
    partial.seriesKey = "event_count|1m|web";
    partial.metric = "event_count";
    partial.aggregation = Aggregation.COUNT.ordinal();
    partial.windowSize = MINUTE;
    partial.windowSlide = MINUTE;
    partial.windowId = "1m";
    partial.dimNames = new String[] {"source"};
    partial.dimValues = new String[] {"web"};
    partial.paneStart = paneStart;
    partial.acc = new Accumulator();
    partial.acc.events = events;
    return partial;
  }
}
