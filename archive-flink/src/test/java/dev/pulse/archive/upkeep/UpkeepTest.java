package dev.pulse.archive.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.archive.ArchiveTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

class UpkeepTest {
  private static final UpkeepSettings SETTINGS =
      new UpkeepSettings(Duration.ofMinutes(15), Duration.ofDays(400), Duration.ofMillis(1), 1, 128L << 20);

  @Test
  void hoursPastTheRetentionAreDroppedAndOldSnapshotsExpireButNeverTheJobsNewest() throws Exception {
    ArchiveTables tables = new ArchiveTables();
    Table table = tables.create("page_view");
    Instant now = Instant.now();
    DataFile expired = tables.file(table, now.minus(Duration.ofDays(401)).truncatedTo(ChronoUnit.HOURS), 0, 10, 9);
    DataFile kept = tables.file(table, now.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS), 0, 5, 14);
    tables.appendAsJob(table, expired);
    Thread.sleep(5);
    tables.appendAsJob(table, kept);
    long jobsNewest = table.currentSnapshot().snapshotId();
    Thread.sleep(5);
    // Upkeep runs a moment later; every snapshot is past the 1 ms snapshot age by then.
    Upkeep upkeep = new Upkeep(tables.catalog, tables.settings, SETTINGS, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)));

    List<Upkeep.TableReport> reports = upkeep.run();

    table.refresh();
    assertThat(paths(table)).containsExactly(kept.location());
    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.filesDroppedByRetention()).isEqualTo(1);
      assertThat(report.filesBefore()).isEqualTo(2);
      assertThat(report.filesAfter()).isEqualTo(1);
    });
    // The retention's delete is the current snapshot; the job's newest commit survives under it,
    // so a restored job still finds the last checkpoint it committed.
    List<Long> snapshots = StreamSupport.stream(table.snapshots().spliterator(), false).map(Snapshot::snapshotId).toList();
    assertThat(snapshots).contains(jobsNewest).hasSize(2);
    assertThat(table.currentSnapshot().parentId()).isEqualTo(jobsNewest);
  }

  @Test
  void aTableWithinTheRetentionKeepsItsFiles() throws Exception {
    ArchiveTables tables = new ArchiveTables();
    Table table = tables.create("purchase");
    tables.appendAsJob(table, tables.file(table, Instant.now().minus(Duration.ofDays(399)).truncatedTo(ChronoUnit.HOURS), 1, 3, 2));

    new Upkeep(tables.catalog, tables.settings, SETTINGS, Clock.systemUTC()).run();

    table.refresh();
    assertThat(paths(table)).hasSize(1);
  }

  private static List<String> paths(Table table) throws Exception {
    try (var tasks = table.newScan().planFiles()) {
      return StreamSupport.stream(tasks.spliterator(), false).map(FileScanTask::file).map(DataFile::location).toList();
    }
  }
}
