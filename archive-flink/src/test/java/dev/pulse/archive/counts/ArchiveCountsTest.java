package dev.pulse.archive.counts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.archive.ArchiveTables;
import dev.pulse.archive.counts.ArchiveCounts.HourCount;
import dev.pulse.archive.counts.ArchiveCounts.PartitionOffset;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

class ArchiveCountsTest {
  private static final Instant TEN = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant ELEVEN = Instant.parse("2026-12-01T11:00:00Z");

  @Test
  void rowsAreSummedPerHourAndKafkaPartitionFromFileMetadataOverWholeHours() throws Exception {
    ArchiveTables tables = new ArchiveTables();
    Table table = tables.create("page_view");
    tables.appendAsJob(table, tables.file(table, TEN, 2, 10, 109));
    tables.appendAsJob(table, tables.file(table, TEN, 2, 5, 114));
    tables.appendAsJob(table, tables.file(table, TEN, 3, 7, 56));
    tables.appendAsJob(table, tables.file(table, ELEVEN, 2, 1, 115));
    ArchiveCounts counts = new ArchiveCounts(tables.catalog, tables.settings);

    // 10:20 to 10:40 means the whole of hour 10.
    List<HourCount> hour10 = counts.byHour(List.of("page_view"), TEN.plusSeconds(1200), TEN.plusSeconds(2400));

    assertThat(hour10).containsExactly(
        new HourCount("page_view", TEN, 2, 15, 2),
        new HourCount("page_view", TEN, 3, 7, 1));
    assertThat(counts.byHour(List.of("page_view"), TEN, ELEVEN.plusSeconds(3600)))
        .extracting(HourCount::rows).containsExactly(15L, 7L, 1L);
  }

  @Test
  void theHighestArchivedOffsetPerPartitionComesFromTheFilesUpperBoundsAcrossEventTypes() throws Exception {
    ArchiveTables tables = new ArchiveTables();
    Table pageViews = tables.create("page_view");
    Table purchases = tables.create("purchase");
    tables.appendAsJob(pageViews, tables.file(pageViews, TEN, 2, 10, 109));
    tables.appendAsJob(purchases, tables.file(purchases, ELEVEN, 2, 3, 130));
    tables.appendAsJob(purchases, tables.file(purchases, ELEVEN, 0, 4, 3));

    assertThat(new ArchiveCounts(tables.catalog, tables.settings).highestOffsets()).containsExactly(
        new PartitionOffset(0, 3, 4),
        new PartitionOffset(2, 130, 13));
  }

  @Test
  void aCatalogWithNoEventYetHasNoEventTypes() {
    ArchiveTables tables = new ArchiveTables();
    tables.catalog.dropNamespace(org.apache.iceberg.catalog.Namespace.of("pulse_raw"));

    assertThat(new ArchiveCounts(tables.catalog, tables.settings).eventTypes()).isEmpty();
  }
}
