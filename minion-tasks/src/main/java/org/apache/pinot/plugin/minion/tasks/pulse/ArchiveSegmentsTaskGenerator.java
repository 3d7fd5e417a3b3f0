package org.apache.pinot.plugin.minion.tasks.pulse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pinot.common.metadata.segment.SegmentZKMetadata;
import org.apache.pinot.controller.helix.core.minion.generator.BaseTaskGenerator;
import org.apache.pinot.controller.helix.core.minion.generator.TaskGeneratorUtils;
import org.apache.pinot.core.minion.PinotTaskConfig;
import org.apache.pinot.spi.annotations.minion.TaskGenerator;
import org.apache.pinot.spi.config.table.TableConfig;

/**
 * Schedules {@code PulseArchiveSegmentsTask}s. On its schedule: each closed day within the lookback
 * that history holds no segment of Pulse's for yet (a day closes once the streaming job's allowed
 * lateness has passed after it). On demand ({@code POST /tasks/execute}): the range, metrics and
 * tenants asked for.
 */
@TaskGenerator
public class ArchiveSegmentsTaskGenerator extends BaseTaskGenerator {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  @Override
  public String getTaskType() {
    return PulseTasks.ARCHIVE_SEGMENTS;
  }

  @Override
  public List<PinotTaskConfig> generateTasks(List<TableConfig> tableConfigs) {
    List<PinotTaskConfig> tasks = new ArrayList<>();
    for (TableConfig table : tableConfigs) {
      String tableName = table.getTableName();
      if (!TaskGeneratorUtils.getIncompleteTasks(getTaskType(), tableName, _clusterInfoAccessor).isEmpty()) {
        continue; // one rewrite of a table at a time
      }
      Map<String, String> settings = table.getTaskConfig().getConfigsForTaskType(getTaskType());
      Set<String> built = builtDays(tableName);
      for (LocalDate day : closedDays(settings)) {
        if (!built.contains(DAY.format(day))) {
          Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
          tasks.add(task(tableName, start.toString(), start.plus(Duration.ofDays(1)).toString(), null, null));
        }
      }
    }
    return tasks;
  }

  @Override
  public List<PinotTaskConfig> generateTasks(TableConfig table, Map<String, String> request) {
    String from = request.get(PulseTasks.FROM);
    String to = request.get(PulseTasks.TO);
    if (from == null || to == null) {
      throw new IllegalArgumentException(getTaskType() + " needs 'from' and 'to' (ISO instants or dates)");
    }
    return List.of(task(table.getTableName(), from, to, request.get(PulseTasks.METRICS), request.get(PulseTasks.TENANTS)));
  }

  private static PinotTaskConfig task(String tableName, String from, String to, String metrics, String tenants) {
    Map<String, String> configs = new HashMap<>();
    configs.put(PulseTasks.TABLE_NAME, tableName);
    configs.put(PulseTasks.FROM, from);
    configs.put(PulseTasks.TO, to);
    if (metrics != null && !metrics.isBlank()) {
      configs.put(PulseTasks.METRICS, metrics);
    }
    if (tenants != null && !tenants.isBlank()) {
      configs.put(PulseTasks.TENANTS, tenants);
    }
    return new PinotTaskConfig(PulseTasks.ARCHIVE_SEGMENTS, configs);
  }

  /** The days within the lookback whose every window has closed, newest last. */
  private static List<LocalDate> closedDays(Map<String, String> settings) {
    int lookback = Integer.parseInt(settings.getOrDefault(PulseTasks.LOOKBACK_DAYS, "1"));
    long latenessMinutes = Long.parseLong(settings.getOrDefault(PulseTasks.LATENESS_MINUTES, "120"));
    // An hour beyond the lateness leaves room for the longest window of the catalog.
    LocalDate newest = LocalDate.ofInstant(Instant.now().minus(Duration.ofMinutes(latenessMinutes + 60)), ZoneOffset.UTC)
        .minusDays(1);
    List<LocalDate> days = new ArrayList<>();
    for (int back = lookback - 1; back >= 0; back--) {
      days.add(newest.minusDays(back));
    }
    return days;
  }

  /** Days that have a segment of Pulse's restatements (named table__yyyyMMdd__...), replaced or not. */
  private Set<String> builtDays(String tableNameWithType) {
    Set<String> days = new HashSet<>();
    for (SegmentZKMetadata segment : _clusterInfoAccessor.getSegmentsZKMetadata(tableNameWithType)) {
      String[] parts = segment.getSegmentName().split("__");
      if (parts.length >= 3) {
        days.add(parts[1]);
      }
    }
    return days;
  }
}
