package dev.pulse.flink.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

/** Readers report old records; the enumerator declares a backlog to Flink while any reader is behind. */
class BacklogAwareSourceTest {
  private static final long BEHIND_AFTER = 10_000;

  @Test
  void aReaderReportsWhenItsRecordsTurnOldAndWhenTheyAreCurrentAgain() throws Exception {
    List<SourceEvent> sent = new ArrayList<>();
    List<Long> timestamps = new ArrayList<>();
    long now = System.currentTimeMillis();
    timestamps.add(now - 60_000); // the first record is looked at: a minute old
    for (int i = 1; i < 1024; i++) {
      timestamps.add(now - 60_000);
    }
    timestamps.add(now); // the 1025th is looked at again: current
    LagReportingReader<Long, SourceSplit> reader =
        new LagReportingReader<>(new EmittingReader(timestamps), readerContext(sent), BEHIND_AFTER);
    List<Long> received = new ArrayList<>();
    ReaderOutput<Long> output = collectingOutput(received);

    while (reader.pollNext(output) == InputStatus.MORE_AVAILABLE) {
      // every record passes through unchanged
    }

    assertThat(received).hasSize(1025);
    assertThat(sent).containsExactly(new ReaderBehind(true), new ReaderBehind(false));
  }

  @Test
  void theEnumeratorDeclaresABacklogWhileAnyReaderIsBehind() {
    List<Boolean> declared = new ArrayList<>();
    BacklogDeclaringEnumerator<SourceSplit, Void> enumerator =
        new BacklogDeclaringEnumerator<>(noOpEnumerator(), enumeratorContext(declared));

    enumerator.handleSourceEvent(0, new ReaderBehind(true));
    enumerator.handleSourceEvent(1, new ReaderBehind(true));
    enumerator.handleSourceEvent(0, new ReaderBehind(false));
    enumerator.handleSourceEvent(1, new ReaderBehind(false));
    enumerator.handleSourceEvent(1, new ReaderBehind(true));
    enumerator.addReader(1); // restarted: it has not read anything old yet

    assertThat(declared).containsExactly(true, false, true, false);
  }

  /** A reader that emits one record per poll, stamped with the given write times. */
  private static final class EmittingReader implements SourceReader<Long, SourceSplit> {
    private final List<Long> timestamps;
    private int next;

    EmittingReader(List<Long> timestamps) {
      this.timestamps = timestamps;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Long> output) {
      long timestamp = timestamps.get(next++);
      output.collect(timestamp, timestamp);
      return next < timestamps.size() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
    }

    @Override
    public void start() {}

    @Override
    public List<SourceSplit> snapshotState(long checkpointId) {
      return List.of();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addSplits(List<SourceSplit> splits) {}

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {}
  }

  private static ReaderOutput<Long> collectingOutput(List<Long> received) {
    return new ReaderOutput<>() {
      @Override
      public void collect(Long record) {
        received.add(record);
      }

      @Override
      public void collect(Long record, long timestamp) {
        received.add(record);
      }

      @Override
      public void emitWatermark(Watermark watermark) {}

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}

      @Override
      public SourceOutput<Long> createOutputForSplit(String splitId) {
        return this;
      }

      @Override
      public void releaseOutputForSplit(String splitId) {}
    };
  }

  private static SourceReaderContext readerContext(List<SourceEvent> sent) {
    return (SourceReaderContext) Proxy.newProxyInstance(getClassLoader(), new Class<?>[] {SourceReaderContext.class},
        (proxy, method, args) -> {
          if (method.getName().equals("sendSourceEventToCoordinator")) {
            sent.add((SourceEvent) args[0]);
          }
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static SplitEnumeratorContext<SourceSplit> enumeratorContext(List<Boolean> declared) {
    return (SplitEnumeratorContext<SourceSplit>) Proxy.newProxyInstance(getClassLoader(),
        new Class<?>[] {SplitEnumeratorContext.class}, (proxy, method, args) -> {
          if (method.getName().equals("setIsProcessingBacklog")) {
            declared.add((Boolean) args[0]);
          }
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static SplitEnumerator<SourceSplit, Void> noOpEnumerator() {
    return (SplitEnumerator<SourceSplit, Void>) Proxy.newProxyInstance(getClassLoader(),
        new Class<?>[] {SplitEnumerator.class}, (proxy, method, args) -> null);
  }

  private static ClassLoader getClassLoader() {
    return BacklogAwareSourceTest.class.getClassLoader();
  }
}
