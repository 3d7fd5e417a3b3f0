package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.api.query.ColumnCoverage.TableColumns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnCoverageTest {
  private static final TableColumns COLUMNS =
      new TableColumns(Map.of("dim_tenant", Long.MIN_VALUE, "dim_source", Long.MIN_VALUE, "dim_properties_plan", 1000L));

  @Test
  void aReadOfFilledColumnsUsesThem() {
    assertThat(COLUMNS.serves(List.of("tenant", "source"), 0)).isTrue();
  }

  @Test
  void aDimensionWithoutAColumnNeedsTheDocument() {
    assertThat(COLUMNS.serves(List.of("tenant", "event_type"), 0)).isFalse();
    assertThat(TableColumns.NONE.serves(List.of("tenant"), 0)).isFalse();
  }

  @Test
  void aColumnServesOnlyReadsThatStartAfterItsNewestUnfilledWindow() {
    assertThat(COLUMNS.serves(List.of("tenant", "properties.plan"), 1000)).isFalse();
    assertThat(COLUMNS.serves(List.of("tenant", "properties.plan"), 1001)).isTrue();
    assertThat(COLUMNS.serves(List.of("tenant", "source"), 1000)).isTrue();
  }
}
