package org.apache.pinot.plugin.minion.tasks.pulse;

import org.apache.pinot.spi.annotations.minion.TaskExecutorFactory;

@TaskExecutorFactory
public class ArchiveSegmentsTaskExecutorFactory extends PulseExecutorFactory {
  public ArchiveSegmentsTaskExecutorFactory() {
    super(PulseTasks.ARCHIVE_SEGMENTS, ArchiveSegmentsTaskExecutor::new);
  }
}
