package dev.pulse.flink.backlog;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * The wrapped source's reader, looking at the timestamp of one record in every {@value #SAMPLE}
 * (and the first) and telling the enumerator when it turns from current to behind or back.
 */
final class LagReportingReader<T, SplitT extends SourceSplit> implements SourceReader<T, SplitT> {
  private static final int SAMPLE = 1024;

  private final SourceReader<T, SplitT> reader;
  private final SourceReaderContext context;
  private final long behindAfterMillis;
  private long records;
  private Boolean reported;
  private ReaderOutput<T> lastOutput;
  private ReaderOutput<T> watched;

  LagReportingReader(SourceReader<T, SplitT> reader, SourceReaderContext context, long behindAfterMillis) {
    this.reader = reader;
    this.context = context;
    this.behindAfterMillis = behindAfterMillis;
  }

  @Override
  public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
    if (output != lastOutput) { // the operator passes the same output every time
      lastOutput = output;
      watched = new WatchedOutput(output);
    }
    return reader.pollNext(watched);
  }

  private void observe(long timestamp) {
    if (records++ % SAMPLE != 0) {
      return;
    }
    boolean behind = System.currentTimeMillis() - timestamp > behindAfterMillis;
    if (reported == null || reported != behind) {
      reported = behind;
      context.sendSourceEventToCoordinator(new ReaderBehind(behind));
    }
  }

  /**
   * The operator's output, with every timestamped record observed on its way through; the outputs
   * it makes per split are watched the same way.
   */
  private final class WatchedOutput extends WatchedSplitOutput implements ReaderOutput<T> {
    private final ReaderOutput<T> output;

    WatchedOutput(ReaderOutput<T> output) {
      super(output);
      this.output = output;
    }

    @Override
    public SourceOutput<T> createOutputForSplit(String splitId) {
      return new WatchedSplitOutput(output.createOutputForSplit(splitId));
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
      output.releaseOutputForSplit(splitId);
    }
  }

  private class WatchedSplitOutput implements SourceOutput<T> {
    private final SourceOutput<T> output;

    WatchedSplitOutput(SourceOutput<T> output) {
      this.output = output;
    }

    @Override
    public void collect(T record) {
      output.collect(record);
    }

    @Override
    public void collect(T record, long timestamp) {
      observe(timestamp);
      output.collect(record, timestamp);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
      output.emitWatermark(watermark);
    }

    @Override
    public void markIdle() {
      output.markIdle();
    }

    @Override
    public void markActive() {
      output.markActive();
    }
  }

  @Override
  public void start() {
    reader.start();
  }

  @Override
  public List<SplitT> snapshotState(long checkpointId) {
    return reader.snapshotState(checkpointId);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return reader.isAvailable();
  }

  @Override
  public void addSplits(List<SplitT> splits) {
    reader.addSplits(splits);
  }

  @Override
  public void notifyNoMoreSplits() {
    reader.notifyNoMoreSplits();
  }

  @Override
  public void handleSourceEvents(SourceEvent event) {
    reader.handleSourceEvents(event);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    reader.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    reader.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
    reader.pauseOrResumeSplits(toPause, toResume);
  }

  @Override
  public void close() throws Exception {
    reader.close();
  }
}
