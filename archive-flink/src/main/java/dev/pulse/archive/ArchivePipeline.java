package dev.pulse.archive;

import dev.pulse.archive.decode.ArchiveRecord;
import dev.pulse.archive.decode.RouteDeadLetters;
import dev.pulse.archive.iceberg.ArchiveTableCreator;
import dev.pulse.archive.iceberg.IcebergSettings;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.flink.sink.dynamic.DynamicIcebergSink;
import org.apache.iceberg.flink.sink.dynamic.DynamicRecord;

/**
 * The archive job's graph:
 *
 * <pre>
 * events.raw ─ decode (registry) ─┬─ row ──────── Iceberg dynamic sink ─ pulse_raw.&lt;event_type&gt;
 *                                 └─ dead letter ─ events.dlq
 * </pre>
 *
 * The Iceberg sink commits each checkpoint's files in one snapshot per table, once: on restore it
 * skips what the table's snapshots already record for this job. Operator uids are fixed, so a
 * restart maps its state back onto the same operators.
 */
public final class ArchivePipeline {
  private ArchivePipeline() {}

  public static void build(
      StreamExecutionEnvironment env,
      Source<ArchiveRecord, ?, ?> events,
      Sink<String> deadLetters,
      IcebergSettings iceberg,
      int writeParallelism) {
    SingleOutputStreamOperator<DynamicRecord> rows =
        env.fromSource(events, WatermarkStrategy.noWatermarks(), "events.raw")
            .uid("events-raw-source")
            .process(new RouteDeadLetters(), TypeInformation.of(DynamicRecord.class))
            .name("route dead letters")
            .uid("route-dead-letters");
    rows.getSideOutput(RouteDeadLetters.DEAD_LETTERS).sinkTo(deadLetters).name("events.dlq").uid("events-dlq-sink");
    DynamicIcebergSink.forInput(rows)
        .generator((row, out) -> out.collect(row))
        .catalogLoader(iceberg.loader())
        .tableCreator(new ArchiveTableCreator(iceberg.tableProperties()))
        .writeParallelism(writeParallelism)
        // Schema changes are applied by the record's own task, before its row is written: with one
        // writer this is simplest, and a new version's first row already lands in its new column.
        .immediateTableUpdate(true)
        .uidPrefix("pulse-archive")
        .append();
  }
}
