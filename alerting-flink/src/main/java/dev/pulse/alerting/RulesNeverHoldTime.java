package dev.pulse.alerting;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The rules stream's watermark: the end of time. An operator's event time is the lowest of its
 * inputs'; rules carry no event time, so they must never hold the events' time back.
 */
final class RulesNeverHoldTime implements WatermarkGenerator<String> {
  @Override
  public void onEvent(String rule, long eventTimestamp, WatermarkOutput output) {}

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(Long.MAX_VALUE));
  }
}
