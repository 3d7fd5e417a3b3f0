package dev.pulse.alerting;

import dev.pulse.aggregation.RawEvent;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness, plus: a partition that has gone quiet lets event time follow the wall
 * clock. Events are stamped at ingest, so their time is close to the wall clock; without this, a
 * window would never empty (and an alert never resolve) until some later event arrived. While
 * events flow, as during a catch-up, only their times count.
 *
 * <p>How long "quiet" must last depends on whether the partition was read up to its head. One whose
 * newest event was recent when it arrived has nothing more waiting: after {@code idleAdvanceAfter}
 * time moves on. One that has not delivered a recent event yet (just assigned after a restore, or
 * working through a backlog) may merely be slow to fetch: moving time past its backlog would put
 * every waiting event outside its rules' windows, and a breach during a TaskManager's or
 * JobManager's loss would never page. It waits {@code backlogIdleAdvanceAfter} instead.
 */
final class IdleAdvancingWatermarks implements WatermarkGenerator<RawEvent> {
  private final long outOfOrderness;
  private final long idleAdvanceAfter;
  private final long backlogIdleAdvanceAfter;
  private final LongSupplier clock;
  private long maxTimestamp = Long.MIN_VALUE;
  private long lastEventAt;
  private boolean atHead;
  private long emitted = Long.MIN_VALUE;

  IdleAdvancingWatermarks(AlertingConfig.Evaluation settings) {
    this(settings.outOfOrderness(), settings.idleAdvanceAfter(), settings.backlogIdleAdvanceAfter(),
        System::currentTimeMillis);
  }

  IdleAdvancingWatermarks(Duration outOfOrderness, Duration idleAdvanceAfter, Duration backlogIdleAdvanceAfter,
      LongSupplier clock) {
    this.outOfOrderness = outOfOrderness.toMillis();
    this.idleAdvanceAfter = idleAdvanceAfter.toMillis();
    this.backlogIdleAdvanceAfter = backlogIdleAdvanceAfter.toMillis();
    this.clock = clock;
    this.lastEventAt = clock.getAsLong();
  }

  @Override
  public void onEvent(RawEvent event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastEventAt = clock.getAsLong();
    // At the head when the newest event is no older than the watermark an idle advance would set.
    atHead = lastEventAt - maxTimestamp <= idleAdvanceAfter + outOfOrderness;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = clock.getAsLong();
    long watermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrderness - 1;
    if (now - lastEventAt > (atHead ? idleAdvanceAfter : backlogIdleAdvanceAfter)) {
      watermark = Math.max(watermark, now - idleAdvanceAfter - outOfOrderness);
    }
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
