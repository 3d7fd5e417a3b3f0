package dev.pulse.aggregation;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.catalog.Aggregation;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The windows of a closed stretch of event time, folded from panes at once: what the streaming
 * job's window operator does as the watermark passes, for a recount of history. Panes are merged
 * with the same {@link Aggregations} and assigned to windows by the same {@link Panes} rule, so a
 * recount equals the live value of every window the events of the stretch fully cover.
 */
public final class ClosedWindows {
  private record WindowKey(String seriesKey, long start) {}

  private record Window(Partial series, Accumulator acc) {}

  private final long fromMillis;
  private final long toMillis;
  private final Map<WindowKey, Window> windows = new HashMap<>();

  /** Keeps the windows that start in [from, to); a pane's other windows are not restated here. */
  public ClosedWindows(long fromMillis, long toMillis) {
    this.fromMillis = fromMillis;
    this.toMillis = toMillis;
  }

  public void add(Partial pane) {
    Aggregation kind = Aggregations.kind(pane.aggregation);
    for (long start = Panes.firstWindowStart(pane); start <= pane.paneStart; start += pane.windowSlide) {
      if (start < fromMillis || start >= toMillis) {
        continue;
      }
      Window window = windows.computeIfAbsent(new WindowKey(pane.seriesKey, start), k -> new Window(pane, new Accumulator()));
      Aggregations.merge(kind, window.acc(), pane.acc);
    }
  }

  public int size() {
    return windows.size();
  }

  /**
   * Every window as a final row.
   *
   * @param version the rows' version: a restatement's generation, so that a newer one is told apart
   * @param emittedAt when the rows were restated
   */
  public void emit(long version, long emittedAt, Consumer<AggregateRecord> out) {
    windows.forEach((key, window) -> {
      Partial series = window.series();
      out.accept(AggregateRecord.of(
          series.metric,
          series.windowId,
          key.start(),
          key.start() + series.windowSize,
          Panes.dims(series.dimNames, series.dimValues),
          Aggregations.values(Aggregations.kind(series.aggregation), window.acc()),
          version,
          true,
          emittedAt));
    });
  }
}
