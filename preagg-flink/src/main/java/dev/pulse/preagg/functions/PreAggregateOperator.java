package dev.pulse.preagg.functions;

import dev.pulse.aggregation.PreAggregator;

import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.aggregation.RawEvent;
import dev.pulse.aggregation.Partial;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a {@link PreAggregator} inside the stream and decides when it flushes:
 *
 * <ul>
 *   <li>before forwarding a watermark, so no buffered contribution is ever behind the watermark
 *       downstream (a window never closes with part of its data still held here);
 *   <li>before each checkpoint barrier, so the buffer is never part of the state: exactly-once
 *       holds with nothing to snapshot;
 *   <li>when it holds more than {@code maxPanes} panes, to bound memory.
 * </ul>
 *
 * Each partial is timestamped with its pane's start, which lies in every window the pane belongs to.
 */
public class PreAggregateOperator extends AbstractStreamOperator<Partial>
    implements OneInputStreamOperator<RawEvent, Partial>, BoundedOneInput {
  private final CatalogSource catalogSource;
  private final int maxPanes;
  private transient PreAggregator aggregator;
  private transient StreamRecord<Partial> reuse;

  public PreAggregateOperator(CatalogSource catalogSource, int maxPanes) {
    this.catalogSource = catalogSource;
    this.maxPanes = maxPanes;
  }

  @Override
  public void open() throws Exception {
    super.open();
    aggregator = new PreAggregator(catalogSource.current());
    reuse = new StreamRecord<>(null);
  }

  @Override
  public void processElement(StreamRecord<RawEvent> element) {
    catalogSource.changed().ifPresent(aggregator::use);
    try {
      aggregator.add(element.getValue());
    } catch (RuntimeException e) {
      // One event the catalog cannot handle must not stop the job; it goes to events.dlq.
      output.collect(RouteDeadLetters.DEAD_LETTERS, new StreamRecord<>(ProcessingFailures.deadLetter(element.getValue(), e)));
    }
    if (aggregator.size() >= maxPanes) {
      flush();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void endInput() {
    flush();
  }

  private void flush() {
    aggregator.flush(partial -> output.collect(reuse.replace(partial, partial.paneStart)));
  }
}
