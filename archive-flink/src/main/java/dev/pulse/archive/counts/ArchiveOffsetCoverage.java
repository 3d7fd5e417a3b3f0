package dev.pulse.archive.counts;

import static dev.pulse.contract.archive.ArchiveColumns.KAFKA_OFFSET;
import static dev.pulse.contract.archive.ArchiveColumns.KAFKA_PARTITION;

import dev.pulse.archive.iceberg.IcebergSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Which offsets of one events.raw partition the archive holds, over every event type, for the
 * hourly check of Kafka's offset counts against the archive. It reads one column of the files whose
 * offset statistics overlap the range (the job writes each partition's offsets in order, so few do).
 */
public final class ArchiveOffsetCoverage {
  /** The widest range one request may ask for: its bitmap is a few megabytes. */
  public static final long MAX_OFFSETS = 50_000_000;

  /** A range of offsets {@code [from, to)}. */
  public record Range(long from, long to) {}

  /**
   * @param archived distinct offsets of the range that the archive holds
   * @param gaps the ranges it does not hold, the first {@code maxGaps} of them
   * @param gapsTruncated whether there were more gaps than listed
   */
  public record Coverage(int partition, long from, long to, long archived, long missing, List<Range> gaps,
      boolean gapsTruncated) {}

  private final Catalog catalog;
  private final IcebergSettings iceberg;
  private final ArchiveCounts counts;

  public ArchiveOffsetCoverage(Catalog catalog, IcebergSettings iceberg, ArchiveCounts counts) {
    this.catalog = catalog;
    this.iceberg = iceberg;
    this.counts = counts;
  }

  public Coverage of(int partition, long from, long to, int maxGaps) {
    if (to - from > MAX_OFFSETS) {
      throw new IllegalArgumentException("at most " + MAX_OFFSETS + " offsets per request, not " + (to - from));
    }
    BitSet held = new BitSet((int) (to - from));
    for (String eventType : counts.eventTypes()) {
      Table table = catalog.loadTable(iceberg.tableOf(eventType));
      try (CloseableIterable<Record> records = IcebergGenerics.read(table)
          .where(Expressions.and(Expressions.equal(KAFKA_PARTITION, partition),
              Expressions.greaterThanOrEqual(KAFKA_OFFSET, from), Expressions.lessThan(KAFKA_OFFSET, to)))
          .select(KAFKA_PARTITION, KAFKA_OFFSET)
          .build()) {
        for (Record record : records) {
          long offset = ((Number) record.getField(KAFKA_OFFSET)).longValue();
          // The filter prunes files; rows outside it can remain in the ones read.
          if (((Number) record.getField(KAFKA_PARTITION)).intValue() == partition && offset >= from && offset < to) {
            held.set((int) (offset - from));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the archive of " + eventType, e);
      }
    }
    return coverage(partition, from, to, held, maxGaps);
  }

  static Coverage coverage(int partition, long from, long to, BitSet held, int maxGaps) {
    int size = (int) (to - from);
    List<Range> gaps = new ArrayList<>();
    boolean truncated = false;
    for (int start = held.nextClearBit(0); start < size; start = held.nextClearBit(start)) {
      int end = Math.min(size, held.nextSetBit(start) < 0 ? size : held.nextSetBit(start));
      if (gaps.size() == maxGaps) {
        truncated = true;
        break;
      }
      gaps.add(new Range(from + start, from + end));
      start = end;
    }
    long archived = held.cardinality();
    return new Coverage(partition, from, to, archived, size - archived, gaps, truncated);
  }
}
