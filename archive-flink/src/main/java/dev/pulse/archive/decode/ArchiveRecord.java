package dev.pulse.archive.decode;

import org.apache.iceberg.flink.sink.dynamic.DynamicRecord;

/**
 * What the archive's source emits for one events.raw record: the row for its table, or the DLQ
 * entry saying why it has none. It never leaves the source's operator chain (the job runs with
 * object reuse), so Flink never has to serialize the Iceberg schema it carries.
 */
public class ArchiveRecord {
  public DynamicRecord row;
  public String deadLetter;

  public ArchiveRecord() {}

  static ArchiveRecord row(DynamicRecord row) {
    ArchiveRecord record = new ArchiveRecord();
    record.row = row;
    return record;
  }

  static ArchiveRecord deadLetter(String deadLetterJson) {
    ArchiveRecord record = new ArchiveRecord();
    record.deadLetter = deadLetterJson;
    return record;
  }
}
