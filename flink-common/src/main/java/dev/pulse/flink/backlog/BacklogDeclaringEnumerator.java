package dev.pulse.flink.backlog;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** The wrapped source's enumerator, declaring a backlog while any of its readers is behind. */
final class BacklogDeclaringEnumerator<SplitT extends SourceSplit, EnumChkT> implements SplitEnumerator<SplitT, EnumChkT> {
  private final SplitEnumerator<SplitT, EnumChkT> enumerator;
  private final SplitEnumeratorContext<SplitT> context;
  private final Map<Integer, Boolean> behind = new HashMap<>();
  private boolean declared;

  BacklogDeclaringEnumerator(SplitEnumerator<SplitT, EnumChkT> enumerator, SplitEnumeratorContext<SplitT> context) {
    this.enumerator = enumerator;
    this.context = context;
  }

  @Override
  public void handleSourceEvent(int subtask, SourceEvent event) {
    if (event instanceof ReaderBehind report) {
      behind.put(subtask, report.behind());
      declare();
    } else {
      enumerator.handleSourceEvent(subtask, event);
    }
  }

  @Override
  public void addReader(int subtask) {
    behind.remove(subtask); // a restarted reader reports afresh
    declare();
    enumerator.addReader(subtask);
  }

  private void declare() {
    boolean any = behind.containsValue(true);
    if (any != declared) {
      declared = any;
      context.setIsProcessingBacklog(any);
    }
  }

  @Override
  public void start() {
    enumerator.start();
  }

  @Override
  public void handleSplitRequest(int subtask, String requesterHostname) {
    enumerator.handleSplitRequest(subtask, requesterHostname);
  }

  @Override
  public void addSplitsBack(List<SplitT> splits, int subtask) {
    enumerator.addSplitsBack(splits, subtask);
  }

  @Override
  public EnumChkT snapshotState(long checkpointId) throws Exception {
    return enumerator.snapshotState(checkpointId);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    enumerator.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    enumerator.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void close() throws IOException {
    enumerator.close();
  }
}
