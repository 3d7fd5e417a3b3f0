package org.apache.pinot.plugin.minion.tasks.pulse;

/** Task type names and the task config keys the generators write and the executors read. */
final class PulseTasks {
  /** Task types may not contain '_' in Pinot 0.11. */
  static final String ARCHIVE_SEGMENTS = "PulseArchiveSegmentsTask";
  static final String CORRECTIONS_MERGE = "PulseCorrectionsMergeTask";

  static final String TABLE_NAME = "tableName";
  static final String FROM = "from";
  static final String TO = "to";
  static final String METRICS = "metrics";
  static final String TENANTS = "tenants";
  /** Table task config: how many closed days back the periodic generator looks for missing history. */
  static final String LOOKBACK_DAYS = "lookbackDays";
  /** Table task config: the streaming job's allowed lateness in minutes; a day closes that long after it ends. */
  static final String LATENESS_MINUTES = "allowedLatenessMinutes";

  private PulseTasks() {}
}
