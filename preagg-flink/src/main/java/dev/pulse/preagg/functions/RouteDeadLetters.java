package dev.pulse.preagg.functions;

import dev.pulse.aggregation.RawEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends records the source could not decode to the dead-letter output; lets events through. */
public class RouteDeadLetters extends ProcessFunction<RawEvent, RawEvent> {
  /** DeadLetter JSON, for events.dlq. */
  public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  @Override
  public void processElement(RawEvent event, Context ctx, Collector<RawEvent> out) {
    if (event.deadLetter != null) {
      ctx.output(DEAD_LETTERS, event.deadLetter);
    } else {
      out.collect(event);
    }
  }
}
