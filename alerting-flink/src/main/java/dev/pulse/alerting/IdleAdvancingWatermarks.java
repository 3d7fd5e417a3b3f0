package dev.pulse.alerting;

import dev.pulse.aggregation.RawEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness, plus: a partition that has been quiet for {@code idleAdvanceAfter}
 * lets event time follow the wall clock. Events are stamped at ingest, so their time is close to
 * the wall clock; without this, a window would never empty (and an alert never resolve) until
 * some later event arrived. While events flow, as during a catch-up, only their times count.
 */
final class IdleAdvancingWatermarks implements WatermarkGenerator<RawEvent> {
  private final long outOfOrderness;
  private final long idleAdvanceAfter;
  private long maxTimestamp = Long.MIN_VALUE;
  private long lastEventAt = System.currentTimeMillis();
  private long emitted = Long.MIN_VALUE;

  IdleAdvancingWatermarks(Duration outOfOrderness, Duration idleAdvanceAfter) {
    this.outOfOrderness = outOfOrderness.toMillis();
    this.idleAdvanceAfter = idleAdvanceAfter.toMillis();
  }

  @Override
  public void onEvent(RawEvent event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastEventAt = System.currentTimeMillis();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = System.currentTimeMillis();
    long watermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrderness - 1;
    if (now - lastEventAt > idleAdvanceAfter) {
      watermark = Math.max(watermark, now - idleAdvanceAfter - outOfOrderness);
    }
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
