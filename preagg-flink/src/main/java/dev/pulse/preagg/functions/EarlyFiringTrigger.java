package dev.pulse.preagg.functions;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires an event-time window three ways: provisionally while it is open, finally when the watermark
 * passes its end, and again after a late event within the allowed lateness.
 *
 * <p>Provisional and late firings are debounced: the first element after a firing arms one
 * processing-time timer {@code interval} ahead, and every element until it fires rides on it. A
 * window that receives nothing new is not emitted again, and a burst of late events yields one
 * correction rather than one per event.
 */
public class EarlyFiringTrigger extends Trigger<Object, TimeWindow> {
  private static final ValueStateDescriptor<Long> ARMED_TIMER =
      new ValueStateDescriptor<>("early-firing-timer", Long.class);

  private final long intervalMillis;

  private EarlyFiringTrigger(Duration interval) {
    this.intervalMillis = interval.toMillis();
  }

  public static EarlyFiringTrigger every(Duration interval) {
    return new EarlyFiringTrigger(interval);
  }

  @Override
  public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
      throws Exception {
    if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
      ctx.registerEventTimeTimer(window.maxTimestamp());
    }
    ValueState<Long> armed = ctx.getPartitionedState(ARMED_TIMER);
    if (armed.value() == null) {
      long fireAt = ctx.getCurrentProcessingTime() + intervalMillis;
      ctx.registerProcessingTimeTimer(fireAt);
      armed.update(fireAt);
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx)
      throws Exception {
    ctx.getPartitionedState(ARMED_TIMER).clear();
    return TriggerResult.FIRE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx)
      throws Exception {
    if (time != window.maxTimestamp()) {
      return TriggerResult.CONTINUE;
    }
    // The final value includes everything the pending provisional firing would have shown.
    disarm(ctx);
    return TriggerResult.FIRE;
  }

  @Override
  public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
    disarm(ctx);
  }

  private static void disarm(TriggerContext ctx) throws Exception {
    ValueState<Long> armed = ctx.getPartitionedState(ARMED_TIMER);
    if (armed.value() != null) {
      ctx.deleteProcessingTimeTimer(armed.value());
      armed.clear();
    }
  }

  @Override
  public String toString() {
    return "EarlyFiringTrigger(every " + intervalMillis + " ms)";
  }
}
