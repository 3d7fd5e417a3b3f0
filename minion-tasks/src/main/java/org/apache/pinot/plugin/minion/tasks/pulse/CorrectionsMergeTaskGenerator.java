package org.apache.pinot.plugin.minion.tasks.pulse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pinot.controller.helix.core.minion.generator.BaseTaskGenerator;
import org.apache.pinot.controller.helix.core.minion.generator.TaskGeneratorUtils;
import org.apache.pinot.core.minion.PinotTaskConfig;
import org.apache.pinot.spi.annotations.minion.TaskGenerator;
import org.apache.pinot.spi.config.table.TableConfig;

/**
 * Schedules one {@code PulseCorrectionsMergeTask} per table at a time, on its schedule (every 15
 * minutes in the table config) and on demand. The task itself reads its watermark: a task that
 * waited in the queue starts from wherever the one before it left off.
 */
@TaskGenerator
public class CorrectionsMergeTaskGenerator extends BaseTaskGenerator {
  @Override
  public String getTaskType() {
    return PulseTasks.CORRECTIONS_MERGE;
  }

  @Override
  public List<PinotTaskConfig> generateTasks(List<TableConfig> tableConfigs) {
    List<PinotTaskConfig> tasks = new ArrayList<>();
    for (TableConfig table : tableConfigs) {
      if (TaskGeneratorUtils.getIncompleteTasks(getTaskType(), table.getTableName(), _clusterInfoAccessor).isEmpty()) {
        tasks.add(new PinotTaskConfig(getTaskType(), Map.of(PulseTasks.TABLE_NAME, table.getTableName())));
      }
    }
    return tasks;
  }

  @Override
  public List<PinotTaskConfig> generateTasks(TableConfig table, Map<String, String> request) {
    return List.of(new PinotTaskConfig(getTaskType(), Map.of(PulseTasks.TABLE_NAME, table.getTableName())));
  }
}
