package org.apache.pinot.plugin.minion.tasks.pulse;

import java.util.List;
import org.apache.pinot.core.minion.PinotTaskConfig;
import org.apache.pinot.minion.MinionContext;
import org.apache.pinot.minion.executor.PinotTaskExecutor;

/**
 * Merges metrics.corrections into history: {@code backfill corrections} from the stored watermark
 * in a child JVM, then the watermark it printed stored in its place. A crash anywhere before the
 * store leaves the watermark where it was, and the next merge restates the same hours again from
 * the archive, to the same rows: nothing is applied twice.
 */
public class CorrectionsMergeTaskExecutor implements PinotTaskExecutor {
  private static final String WATERMARK_LINE = "watermark ";

  private final BackfillProcess backfill = new BackfillProcess();

  @Override
  public Object executeTask(PinotTaskConfig task) throws Exception {
    CorrectionsWatermark watermark = new CorrectionsWatermark(MinionContext.getInstance().getHelixPropertyStore(),
        task.getConfigs().get(PulseTasks.TABLE_NAME));
    CorrectionsWatermark.Read from = watermark.read();
    List<String> args = List.of("corrections", "--from-offsets", from.offsets());
    BackfillProcess.Result result = backfill.run(args);
    String next = result.lastLine(WATERMARK_LINE);
    if (result.exit() != 0 || next == null) {
      throw BackfillProcess.failure("backfill corrections --from-offsets " + from.offsets(), result);
    }
    String offsets = next.substring(WATERMARK_LINE.length()).trim();
    watermark.advance(from, offsets);
    return offsets;
  }

  @Override
  public void cancel() {
    backfill.cancel();
  }
}
