package dev.pulse.archive.counts;

import static dev.pulse.contract.archive.ArchiveColumns.EVENT_TIME;
import static dev.pulse.contract.archive.ArchiveColumns.KAFKA_OFFSET;
import static dev.pulse.contract.archive.ArchiveColumns.KAFKA_PARTITION;

import dev.pulse.archive.iceberg.IcebergSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Row counts of the archive from Iceberg's metadata alone: every data file records its row count,
 * its partition (hour of event time, Kafka partition) and its column bounds. No data file is read,
 * so the reconciliation can ask every hour. The tables are append-only, and compaction and
 * retention replace or drop whole files, so the sums are exact.
 */
public final class ArchiveCounts {
  /** Rows of one event type in one hour of event time and one Kafka partition. */
  public record HourCount(String eventType, Instant hour, int kafkaPartition, long rows, int files) {}

  /** The highest offset of one events.raw partition that the archive holds, and its rows there. */
  public record PartitionOffset(int kafkaPartition, long highestOffset, long rows) {}

  private final Catalog catalog;
  private final IcebergSettings iceberg;

  public ArchiveCounts(Catalog catalog, IcebergSettings iceberg) {
    this.catalog = catalog;
    this.iceberg = iceberg;
  }

  /** The event types that have a table; none before the first event arrives. */
  public List<String> eventTypes() {
    try {
      return catalog.listTables(iceberg.namespaceId()).stream().map(TableIdentifier::name).sorted().toList();
    } catch (NoSuchNamespaceException e) {
      return List.of();
    }
  }

  /**
   * Rows per event type, hour and Kafka partition, for the whole hours from {@code from} (its hour)
   * up to {@code to} (exclusive, rounded up to an hour).
   */
  public List<HourCount> byHour(List<String> eventTypes, Instant from, Instant to) {
    Instant first = from.truncatedTo(ChronoUnit.HOURS);
    Instant end = ceilHour(to);
    List<HourCount> counts = new ArrayList<>();
    for (String eventType : eventTypes) {
      Table table = catalog.loadTable(iceberg.tableOf(eventType));
      Map<List<Long>, long[]> byKey = new TreeMap<>(Comparator.<List<Long>>comparingLong(k -> k.get(0)).thenComparingLong(k -> k.get(1)));
      TableScan scan =
          table.newScan()
              .filter(Expressions.and(
                  Expressions.greaterThanOrEqual(EVENT_TIME, micros(first)), Expressions.lessThan(EVENT_TIME, micros(end))));
      forEachFile(scan, file -> {
        PartitionKey key = PartitionKey.of(table.specs().get(file.specId()), file);
        if (key.hour() >= first.getEpochSecond() / 3600 && key.hour() < end.getEpochSecond() / 3600) {
          long[] sum = byKey.computeIfAbsent(List.of(key.hour(), (long) key.kafkaPartition()), k -> new long[2]);
          sum[0] += file.recordCount();
          sum[1]++;
        }
      });
      byKey.forEach((key, sum) ->
          counts.add(new HourCount(eventType, Instant.ofEpochSecond(key.get(0) * 3600), key.get(1).intValue(), sum[0], (int) sum[1])));
    }
    return counts;
  }

  /** Per events.raw partition, over every event type: the highest archived offset (from file bounds). */
  public List<PartitionOffset> highestOffsets() {
    Map<Integer, long[]> byPartition = new TreeMap<>();
    for (String eventType : eventTypes()) {
      Table table = catalog.loadTable(iceberg.tableOf(eventType));
      int offsetField = table.schema().findField(KAFKA_OFFSET).fieldId();
      forEachFile(table.newScan().includeColumnStats(), file -> {
        PartitionKey key = PartitionKey.of(table.specs().get(file.specId()), file);
        ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(offsetField);
        long[] entry = byPartition.computeIfAbsent(key.kafkaPartition(), p -> new long[] {-1, 0});
        if (upper != null) {
          entry[0] = Math.max(entry[0], Conversions.<Long>fromByteBuffer(Types.LongType.get(), upper));
        }
        entry[1] += file.recordCount();
      });
    }
    List<PartitionOffset> offsets = new ArrayList<>();
    byPartition.forEach((partition, entry) -> offsets.add(new PartitionOffset(partition, entry[0], entry[1])));
    return offsets;
  }

  private static void forEachFile(TableScan scan, java.util.function.Consumer<DataFile> action) {
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        action.accept(task.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the archive's manifests", e);
    }
  }

  private static Instant ceilHour(Instant instant) {
    Instant floor = instant.truncatedTo(ChronoUnit.HOURS);
    return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
  }

  private static long micros(Instant instant) {
    return TimeUnit.SECONDS.toMicros(instant.getEpochSecond());
  }

  /** A data file's hour (hours since the epoch) and Kafka partition, wherever its spec puts them. */
  private record PartitionKey(long hour, int kafkaPartition) {
    static PartitionKey of(PartitionSpec spec, DataFile file) {
      long hour = -1;
      int partition = -1;
      List<PartitionField> fields = spec.fields();
      for (int i = 0; i < fields.size(); i++) {
        PartitionField field = fields.get(i);
        String source = spec.schema().findColumnName(field.sourceId());
        if (EVENT_TIME.equals(source) && "hour".equals(field.transform().toString())) {
          hour = file.partition().get(i, Integer.class);
        } else if (KAFKA_PARTITION.equals(source)) {
          partition = file.partition().get(i, Integer.class);
        }
      }
      return new PartitionKey(hour, partition);
    }
  }
}
