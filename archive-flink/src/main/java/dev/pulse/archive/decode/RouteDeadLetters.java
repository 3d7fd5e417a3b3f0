package dev.pulse.archive.decode;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.flink.sink.dynamic.DynamicRecord;

/** Rows go on to the Iceberg sink; dead letters to the side output that feeds events.dlq. */
public class RouteDeadLetters extends ProcessFunction<ArchiveRecord, DynamicRecord> {
  public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("dead-letters", Types.STRING);

  @Override
  public void processElement(ArchiveRecord record, Context context, Collector<DynamicRecord> out) {
    if (record.deadLetter != null) {
      context.output(DEAD_LETTERS, record.deadLetter);
    } else {
      out.collect(record.row);
    }
  }
}
