package dev.pulse.backfill.bench;

import dev.pulse.contract.archive.ArchiveColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;

/**
 * A generated archive for the backfill benchmark: page views of one day as the archive job writes
 * them (its envelope columns, the page property as a column, partitioned by the hour of event_time),
 * written straight to Iceberg in a namespace of their own, an hour per data file.
 */
final class ArchiveGenerator {
  static final String TABLE = "page_view";

  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, ArchiveColumns.EVENT_ID, Types.StringType.get()),
      Types.NestedField.required(2, ArchiveColumns.EVENT_TYPE, Types.StringType.get()),
      Types.NestedField.required(3, ArchiveColumns.SOURCE, Types.StringType.get()),
      Types.NestedField.optional(4, ArchiveColumns.USER_ID, Types.StringType.get()),
      Types.NestedField.optional(5, ArchiveColumns.TENANT, Types.StringType.get()),
      Types.NestedField.required(6, ArchiveColumns.SERVER_TIMESTAMP, Types.TimestampType.withZone()),
      Types.NestedField.required(7, ArchiveColumns.EVENT_TIME, Types.TimestampType.withZone()),
      Types.NestedField.optional(8, ArchiveColumns.KAFKA_PARTITION, Types.IntegerType.get()),
      Types.NestedField.optional(9, ArchiveColumns.KAFKA_OFFSET, Types.LongType.get()),
      Types.NestedField.optional(10, "page", Types.StringType.get()));

  private ArchiveGenerator() {}

  /** Writes {@code events} page views spread evenly over the day starting at {@code day}. */
  static Table write(Catalog catalog, String namespace, Instant day, long events) {
    Namespace ns = Namespace.of(namespace);
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(ns)) {
      namespaces.createNamespace(ns);
    }
    TableIdentifier id = TableIdentifier.of(ns, TABLE);
    if (catalog.tableExists(id)) {
      catalog.dropTable(id, true);
    }
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).hour(ArchiveColumns.EVENT_TIME).build();
    Table table = catalog.createTable(id, SCHEMA, spec);
    GenericAppenderFactory appenders = new GenericAppenderFactory(SCHEMA, spec);
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PARQUET).build();
    SplittableRandom random = new SplittableRandom(42);
    long perHour = events / 24;
    long offset = 0;
    for (int hour = 0; hour < 24; hour++) {
      long count = hour == 23 ? events - perHour * 23 : perHour;
      Instant start = day.plus(Duration.ofHours(hour));
      AppendFiles append = table.newAppend();
      append.appendFile(hourFile(table, spec, appenders, files, start, count, offset, random));
      append.commit();
      offset += count;
    }
    return table;
  }

  private static DataFile hourFile(Table table, PartitionSpec spec, GenericAppenderFactory appenders,
      OutputFileFactory files, Instant start, long count, long firstOffset, SplittableRandom random) {
    GenericRecord record = GenericRecord.create(SCHEMA);
    PartitionKey partition = new PartitionKey(spec, SCHEMA);
    Record first = event(record, start, 0, firstOffset, random);
    // Partition transforms read Iceberg's internal values (micros), not the OffsetDateTime a record holds.
    partition.partition(new InternalRecordWrapper(SCHEMA.asStruct()).wrap(first));
    DataWriter<Record> writer = appenders.newDataWriter(files.newOutputFile(spec, partition), FileFormat.PARQUET, partition);
    try (writer) {
      writer.write(first);
      long step = Duration.ofHours(1).toMillis() * 1000 / Math.max(count, 1); // micros apart
      for (long i = 1; i < count; i++) {
        writer.write(event(record, start, i * step / 1000, firstOffset + i, random));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }

  private static Record event(GenericRecord template, Instant hour, long millisIn, long offset, SplittableRandom random) {
    OffsetDateTime at = OffsetDateTime.ofInstant(hour.plusMillis(millisIn), ZoneOffset.UTC);
    Record event = template.copy();
    event.setField(ArchiveColumns.EVENT_ID, new UUID(offset, 42L).toString());
    event.setField(ArchiveColumns.EVENT_TYPE, TABLE);
    event.setField(ArchiveColumns.SOURCE, "bench-" + random.nextInt(3));
    event.setField(ArchiveColumns.USER_ID, "u" + random.nextInt(100_000));
    event.setField(ArchiveColumns.TENANT, "tenant-" + random.nextInt(5));
    event.setField(ArchiveColumns.SERVER_TIMESTAMP, at);
    event.setField(ArchiveColumns.EVENT_TIME, at);
    event.setField(ArchiveColumns.KAFKA_PARTITION, 0);
    event.setField(ArchiveColumns.KAFKA_OFFSET, offset);
    event.setField("page", "/p" + random.nextInt(20));
    return event;
  }
}
