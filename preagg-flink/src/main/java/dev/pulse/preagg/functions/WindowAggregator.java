package dev.pulse.preagg.functions;

import dev.pulse.aggregation.Aggregations;
import dev.pulse.aggregation.Panes;
import dev.pulse.aggregation.Partial;
import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.preagg.records.SeriesInfo;
import dev.pulse.preagg.records.WindowState;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The event-time windows of one series (keyed by metric, window spec and dimension values), fed by
 * pre-aggregated panes. Each window is emitted
 *
 * <ul>
 *   <li>provisionally while open, when it changed, by {@link #publishChanged} ({@link WindowOperator}
 *       calls it at every checkpoint);
 *   <li>finally when the watermark passes its end;
 *   <li>again, still final, after late panes within {@code allowedLateness}.
 * </ul>
 *
 * Every emission of a window carries the next {@code version}. A pane later than the allowed
 * lateness goes to {@link #CORRECTIONS} with the window it belongs to. A window's state is dropped
 * once its lateness has passed, and the series' state with its last window.
 *
 * <p>Flink does not checkpoint watermarks: after a restore the watermark starts from nothing and
 * the first old event would reopen a window whose state was already dropped, emitting a version
 * below the one served, which the upsert table ignores. So the highest watermark seen is kept in
 * operator state and lateness is judged against it until the live watermark catches up.
 */
public class WindowAggregator extends KeyedProcessFunction<String, Partial, AggregateRecord>
    implements CheckpointedFunction {
  /** Contributions beyond the allowed lateness, as rows of the window they belong to (version 0). */
  public static final OutputTag<AggregateRecord> CORRECTIONS = new OutputTag<>("corrections") {};

  private final long allowedLatenessMillis;
  private transient MapState<Long, WindowState> windows;
  private transient ValueState<SeriesInfo> series;
  private transient ListState<Long> checkpointedWatermark;
  private transient long highestWatermark = Long.MIN_VALUE;
  /**
   * Series key to the starts of its windows changed since the last publish. Kept in memory only:
   * every checkpoint publishes them before its snapshot, so a restored job starts with none.
   */
  private transient Map<String, Set<Long>> changed;

  public WindowAggregator(Duration allowedLateness) {
    this.allowedLatenessMillis = allowedLateness.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Long.class, WindowState.class));
    series = getRuntimeContext().getState(new ValueStateDescriptor<>("series", SeriesInfo.class));
    changed = new HashMap<>();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedWatermark =
        context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("highest-watermark", Long.class));
    highestWatermark = Long.MIN_VALUE;
    // Union state hands every subtask all subtasks' values; the lowest is safe for any key.
    long lowest = Long.MAX_VALUE;
    for (Long restored : checkpointedWatermark.get()) {
      lowest = Math.min(lowest, restored);
    }
    if (lowest != Long.MAX_VALUE) {
      highestWatermark = lowest;
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointedWatermark.clear();
    if (highestWatermark != Long.MIN_VALUE) {
      checkpointedWatermark.add(highestWatermark);
    }
  }

  private long watermark(TimerService timers) {
    highestWatermark = Math.max(highestWatermark, timers.currentWatermark());
    return highestWatermark;
  }

  @Override
  public void processElement(Partial pane, Context ctx, Collector<AggregateRecord> out) throws Exception {
    long watermark = watermark(ctx.timerService());
    Aggregation kind = Aggregations.kind(pane.aggregation);
    for (long start = Panes.firstWindowStart(pane); start <= pane.paneStart; start += pane.windowSlide) {
      long lastInstant = start + pane.windowSize - 1;
      if (lastInstant + allowedLatenessMillis <= watermark) {
        ctx.output(CORRECTIONS, correction(pane, start, kind));
        continue;
      }
      WindowState window = windows.get(start);
      if (window == null) {
        if (series.value() == null) {
          series.update(SeriesInfo.of(pane)); // only with a window to keep: corrections leave no state
        }
        window = new WindowState();
        ctx.timerService().registerEventTimeTimer(lastInstant);
        ctx.timerService().registerEventTimeTimer(lastInstant + allowedLatenessMillis);
      }
      Aggregations.merge(kind, window.acc, pane.acc);
      window.dirty = true;
      windows.put(start, window);
      changed.computeIfAbsent(ctx.getCurrentKey(), key -> new HashSet<>()).add(start);
    }
  }

  /** The series with windows changed since the last call, each with those windows' starts; resets them. */
  public Map<String, Set<Long>> takeChanged() {
    Map<String, Set<Long>> taken = changed;
    changed = new HashMap<>();
    return taken;
  }

  /**
   * Emits the current series' windows among {@code starts} that are still dirty: still open, or
   * closed and changed by late panes since their last emission. Finals already emitted by the
   * watermark, and windows dropped since, are skipped.
   */
  public void publishChanged(Set<Long> starts, long now, Collector<AggregateRecord> out) throws Exception {
    SeriesInfo info = series.value();
    if (info == null) {
      return;
    }
    for (long start : starts) {
      WindowState window = windows.get(start);
      if (window != null && window.dirty) {
        emit(info, start, window, start + info.windowSize - 1 <= highestWatermark, now, out);
        windows.put(start, window);
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AggregateRecord> out) throws Exception {
    SeriesInfo info = series.value();
    if (info == null) {
      return;
    }
    watermark(ctx.timerService());
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      return; // an early-firing timer of a job version before provisional values moved to checkpoints
    }
    long endingStart = timestamp + 1 - info.windowSize;
    emitFinal(info, endingStart, ctx, out);
    long expiringStart = endingStart - allowedLatenessMillis;
    WindowState expiring = windows.get(expiringStart);
    if (expiring != null) {
      if (expiring.dirty) {
        emit(info, expiringStart, expiring, true, now(ctx), out);
      }
      windows.remove(expiringStart);
      clearSeriesIfDone();
    }
  }

  private void emitFinal(SeriesInfo info, long start, OnTimerContext ctx, Collector<AggregateRecord> out)
      throws Exception {
    WindowState window = windows.get(start);
    if (window != null && !window.finalEmitted) {
      emit(info, start, window, true, now(ctx), out);
      window.finalEmitted = true;
      windows.put(start, window);
    }
  }

  private static long now(OnTimerContext ctx) {
    return ctx.timerService().currentProcessingTime();
  }

  private static void emit(
      SeriesInfo info, long start, WindowState window, boolean isFinal, long now, Collector<AggregateRecord> out) {
    window.version++;
    window.dirty = false;
    out.collect(
        AggregateRecord.of(
            info.metric,
            info.windowId,
            start,
            start + info.windowSize,
            Panes.dims(info.dimNames, info.dimValues),
            Aggregations.values(Aggregations.kind(info.aggregation), window.acc),
            window.version,
            isFinal,
            now));
  }

  private void clearSeriesIfDone() throws Exception {
    if (windows.isEmpty()) {
      series.clear();
    }
  }

  private static AggregateRecord correction(Partial pane, long start, Aggregation kind) {
    return AggregateRecord.of(
        pane.metric,
        pane.windowId,
        start,
        start + pane.windowSize,
        Panes.dims(pane.dimNames, pane.dimValues),
        Aggregations.values(kind, pane.acc),
        0,
        true,
        System.currentTimeMillis());
  }
}
