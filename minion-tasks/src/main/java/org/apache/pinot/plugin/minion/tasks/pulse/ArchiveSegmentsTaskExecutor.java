package org.apache.pinot.plugin.minion.tasks.pulse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pinot.core.minion.PinotTaskConfig;
import org.apache.pinot.minion.executor.PinotTaskExecutor;

/** Restates a range of history from the archive: {@code backfill run} in a child JVM. */
public class ArchiveSegmentsTaskExecutor implements PinotTaskExecutor {
  private final BackfillProcess backfill = new BackfillProcess();

  @Override
  public Object executeTask(PinotTaskConfig task) throws Exception {
    Map<String, String> configs = task.getConfigs();
    List<String> args = new ArrayList<>(List.of("run", "--from", configs.get(PulseTasks.FROM), "--to",
        configs.get(PulseTasks.TO)));
    if (configs.containsKey(PulseTasks.METRICS)) {
      args.addAll(List.of("--metrics", configs.get(PulseTasks.METRICS)));
    }
    if (configs.containsKey(PulseTasks.TENANTS)) {
      args.addAll(List.of("--tenants", configs.get(PulseTasks.TENANTS)));
    }
    BackfillProcess.Result result = backfill.run(args);
    if (result.exit() != 0) {
      throw BackfillProcess.failure("backfill " + String.join(" ", args), result);
    }
    return result.lastLine("run ");
  }

  @Override
  public void cancel() {
    backfill.cancel();
  }
}
