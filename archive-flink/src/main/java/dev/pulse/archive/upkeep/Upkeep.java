package dev.pulse.archive.upkeep;

import static dev.pulse.contract.archive.ArchiveColumns.EVENT_TIME;

import dev.pulse.archive.iceberg.IcebergSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFilesActionResult;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.actions.Actions;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the archive's tables small and bounded, table by table:
 *
 * <ol>
 *   <li>retention: hours of event time older than the retention are dropped, as whole files;
 *   <li>compaction: each closed hour's small files (one per checkpoint) are rewritten into few, with
 *       Iceberg's Flink rewrite action; the open hour is left to the writer;
 *   <li>snapshot expiry: old snapshots go, but never the archive job's newest one, whose summary
 *       holds the last checkpoint it committed. Without it a restored job would commit again.
 * </ol>
 *
 * The JDBC catalog's compare-and-set commit makes each step safe beside the running job: a
 * conflicting commit is retried on the new metadata, and appends never conflict with a rewrite.
 */
public final class Upkeep {
  private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);
  /** The Iceberg Flink sink writes this into every snapshot it commits. */
  static final String FLINK_JOB_ID = "flink.job-id";

  /** What one table's upkeep did. */
  public record TableReport(
      String table, int filesBefore, int filesAfter, int filesRewritten, int filesWritten, int filesDroppedByRetention,
      int snapshotsBefore, int snapshotsAfter) {}

  private final Catalog catalog;
  private final IcebergSettings iceberg;
  private final UpkeepSettings settings;
  private final Clock clock;

  public Upkeep(Catalog catalog, IcebergSettings iceberg, UpkeepSettings settings, Clock clock) {
    this.catalog = catalog;
    this.iceberg = iceberg;
    this.settings = settings;
    this.clock = clock;
  }

  /** One pass over every table; one run at a time. */
  public synchronized List<TableReport> run() {
    List<TableReport> reports = new ArrayList<>();
    try {
      for (TableIdentifier id : catalog.listTables(iceberg.namespaceId())) {
        reports.add(runOn(id));
      }
    } catch (NoSuchNamespaceException e) {
      // no event arrived yet: nothing to keep
    }
    return reports;
  }

  private TableReport runOn(TableIdentifier id) {
    Instant now = clock.instant();
    Table table = catalog.loadTable(id);
    int filesBefore = countFiles(table, Expressions.alwaysTrue());
    int snapshotsBefore = size(table.snapshots());
    int dropped = dropPastRetention(table, now.minus(settings.retention()).truncatedTo(ChronoUnit.HOURS));
    RewriteDataFilesActionResult compaction = compactClosedHours(table, now.truncatedTo(ChronoUnit.HOURS));
    expireSnapshots(table, now);
    table.refresh();
    TableReport report =
        new TableReport(
            id.toString(), filesBefore, countFiles(table, Expressions.alwaysTrue()), compaction.deletedDataFiles().size(),
            compaction.addedDataFiles().size(), dropped, snapshotsBefore, size(table.snapshots()));
    LOG.info("Upkeep of {}: {}", id, report);
    return report;
  }

  /** Whole hours only, so the delete is a metadata change and never splits a file. */
  private int dropPastRetention(Table table, Instant cutoff) {
    Expression old = Expressions.lessThan(EVENT_TIME, micros(cutoff));
    int files = countFiles(table, old);
    if (files > 0) {
      table.newDelete().deleteFromRowFilter(old).commit();
    }
    return files;
  }

  private RewriteDataFilesActionResult compactClosedHours(Table table, Instant openHour) {
    return Actions.forTable(table)
        .rewriteDataFiles()
        .filter(Expressions.lessThan(EVENT_TIME, micros(openHour)))
        .targetSizeInBytes(settings.targetFileSize())
        .execute();
  }

  private void expireSnapshots(Table table, Instant now) {
    long cutoff = now.minus(settings.snapshotAge()).toEpochMilli();
    Snapshot lastOfJob = newestOfArchiveJob(table);
    if (lastOfJob != null) {
      cutoff = Math.min(cutoff, lastOfJob.timestampMillis());
    }
    table.expireSnapshots().expireOlderThan(cutoff).retainLast(settings.snapshotsKept()).commit();
  }

  /** Walks back from the current snapshot: rewrites and deletes by upkeep may come after it. */
  private static Snapshot newestOfArchiveJob(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null && !snapshot.summary().containsKey(FLINK_JOB_ID)) {
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    return snapshot;
  }

  private static int countFiles(Table table, Expression filter) {
    try (CloseableIterable<?> tasks = table.newScan().filter(filter).planFiles()) {
      return size(tasks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int size(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }

  private static long micros(Instant instant) {
    return TimeUnit.SECONDS.toMicros(instant.getEpochSecond());
  }
}
