package org.apache.pinot.plugin.minion.tasks.pulse;

import java.util.function.Supplier;
import org.apache.pinot.minion.MinionConf;
import org.apache.pinot.minion.executor.MinionTaskZkMetadataManager;
import org.apache.pinot.minion.executor.PinotTaskExecutor;
import org.apache.pinot.minion.executor.PinotTaskExecutorFactory;

/** A task type's executors; the tasks need nothing from the Minion at init. */
abstract class PulseExecutorFactory implements PinotTaskExecutorFactory {
  private final String taskType;
  private final Supplier<PinotTaskExecutor> executors;

  PulseExecutorFactory(String taskType, Supplier<PinotTaskExecutor> executors) {
    this.taskType = taskType;
    this.executors = executors;
  }

  @Override
  public void init(MinionTaskZkMetadataManager zkMetadataManager) {}

  @Override
  public void init(MinionTaskZkMetadataManager zkMetadataManager, MinionConf minionConf) {}

  @Override
  public String getTaskType() {
    return taskType;
  }

  @Override
  public PinotTaskExecutor create() {
    return executors.get();
  }
}
