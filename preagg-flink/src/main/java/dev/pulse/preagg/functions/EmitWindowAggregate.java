package dev.pulse.preagg.functions;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.preagg.records.SeriesAccumulator;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Emits a window's current value each time its trigger fires, with a version that grows with every
 * emission of that window so Pinot's upsert keeps the newest. The version lives in window state, so
 * after a restore it continues from the checkpoint, like the committed output it matches.
 */
public class EmitWindowAggregate
    extends ProcessWindowFunction<SeriesAccumulator, AggregateRecord, String, TimeWindow> {

  static final ValueStateDescriptor<Long> VERSION =
      new ValueStateDescriptor<>("emission-version", Long.class);

  @Override
  public void process(
      String seriesKey,
      Context context,
      Iterable<SeriesAccumulator> accumulators,
      Collector<AggregateRecord> out)
      throws Exception {
    SeriesAccumulator acc = accumulators.iterator().next();
    TimeWindow window = context.window();
    out.collect(
        AggregateRecord.of(
            acc.metric,
            window.getStart(),
            window.getEnd(),
            dims(acc),
            acc.value,
            acc.eventCount,
            nextVersion(context.windowState().getState(VERSION)),
            context.currentWatermark() >= window.maxTimestamp(),
            context.currentProcessingTime()));
  }

  @Override
  public void clear(Context context) {
    context.windowState().getState(VERSION).clear();
  }

  private static long nextVersion(ValueState<Long> state) throws Exception {
    long version = state.value() == null ? 1 : state.value() + 1;
    state.update(version);
    return version;
  }

  private static TreeMap<String, String> dims(SeriesAccumulator acc) {
    TreeMap<String, String> dims = new TreeMap<>();
    for (int i = 0; i < acc.dimNames.length; i++) {
      dims.put(acc.dimNames[i], acc.dimValues[i]);
    }
    return dims;
  }
}
