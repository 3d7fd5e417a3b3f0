package dev.pulse.archive;

import dev.pulse.archive.iceberg.IcebergSettings;
import dev.pulse.archive.mapping.ArchiveRowMapper;
import dev.pulse.contract.events.EventSchemas;
import java.time.Instant;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * An archive catalog in memory, with tables of the archive's real schema and partitioning, and data
 * files described by their metadata alone: what upkeep and the counts read.
 */
public final class ArchiveTables {
  public final InMemoryCatalog catalog = new InMemoryCatalog();
  public final IcebergSettings settings = new IcebergSettings("test", "pulse_raw", Map.of(), Map.of());
  private int files;

  public ArchiveTables() {
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("pulse_raw"));
  }

  public Table create(String eventType) throws Exception {
    ArchiveRowMapper mapper = ArchiveRowMapper.forSchema(EventSchemas.load().schemaFor(eventType));
    return catalog.createTable(settings.tableOf(eventType), mapper.schema(), mapper.spec());
  }

  /** A data file of the hour and Kafka partition, with its row count and highest offset. */
  public DataFile file(Table table, Instant hour, int kafkaPartition, long rows, long highestOffset) {
    int offsetField = table.schema().findField("kafka_offset").fieldId();
    return DataFiles.builder(table.spec())
        .withPath("/warehouse/data/file-" + (files++) + ".parquet")
        .withFileSizeInBytes(1_000)
        // Iceberg parses an hour partition's path value as hours since the epoch.
        .withPartitionPath("event_time_hour=" + hour.getEpochSecond() / 3600 + "/kafka_partition=" + kafkaPartition)
        .withMetrics(new Metrics(rows, null, null, null, null,
            Map.of(offsetField, Conversions.toByteBuffer(Types.LongType.get(), highestOffset - rows + 1)),
            Map.of(offsetField, Conversions.toByteBuffer(Types.LongType.get(), highestOffset))))
        .build();
  }

  /** Commits the file as the archive job does: a snapshot whose summary names the Flink job. */
  public void appendAsJob(Table table, DataFile file) {
    table.newAppend().appendFile(file).set("flink.job-id", "archive-job").set("flink.max-committed-checkpoint-id", "7").commit();
  }
}
