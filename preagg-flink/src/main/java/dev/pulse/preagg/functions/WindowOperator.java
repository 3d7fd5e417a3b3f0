package dev.pulse.preagg.functions;

import dev.pulse.aggregation.Partial;
import dev.pulse.contract.aggregate.AggregateRecord;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;

/**
 * Runs the {@link WindowAggregator} and publishes every window changed since the last checkpoint
 * just before that checkpoint's barrier leaves the operator.
 *
 * <p>Why at the barrier: the sink is transactional, and what it writes becomes readable (Pinot reads
 * {@code read_committed}) only when the checkpoint after it completes. A provisional value emitted
 * on a timer waits for that commit anyway, up to a whole checkpoint interval; one emitted at the
 * barrier is committed by the very checkpoint it precedes. Each window changed within an interval
 * is emitted once, however many panes changed it, so a shorter interval costs commits, not a
 * stream of superseded values.
 */
public class WindowOperator extends KeyedProcessOperator<String, Partial, AggregateRecord> {
  private final WindowAggregator windows;
  private transient TimestampedCollector<AggregateRecord> publisher;

  public WindowOperator(WindowAggregator windows) {
    super(windows);
    this.windows = windows;
  }

  @Override
  public void open() throws Exception {
    super.open();
    publisher = new TimestampedCollector<>(output);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    long now = getProcessingTimeService().getCurrentProcessingTime();
    for (Map.Entry<String, Set<Long>> series : windows.takeChanged().entrySet()) {
      setCurrentKey(series.getKey());
      windows.publishChanged(series.getValue(), now, publisher);
    }
  }
}
