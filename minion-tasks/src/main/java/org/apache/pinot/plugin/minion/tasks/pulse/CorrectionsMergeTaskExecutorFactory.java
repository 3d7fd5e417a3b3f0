package org.apache.pinot.plugin.minion.tasks.pulse;

import org.apache.pinot.spi.annotations.minion.TaskExecutorFactory;

@TaskExecutorFactory
public class CorrectionsMergeTaskExecutorFactory extends PulseExecutorFactory {
  public CorrectionsMergeTaskExecutorFactory() {
    super(PulseTasks.CORRECTIONS_MERGE, CorrectionsMergeTaskExecutor::new);
  }
}
