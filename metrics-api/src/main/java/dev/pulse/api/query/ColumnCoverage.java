package dev.pulse.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.api.pinot.PinotBroker;
import dev.pulse.api.pinot.PinotBroker.PinotUnavailableException;
import dev.pulse.pinot.tables.DimensionColumns;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which dimensions a table holds in their own columns, and from which window on every row has them
 * filled. Rows a segment held before a column was added read {@link DimensionColumns#NOT_MATERIALIZED}
 * there, so a read that reaches back to such rows, or names a dimension without a column, names its
 * dimensions in the {@code dims} document instead. Re-read in the background every
 * {@code refreshEvery}: a column added by provisioning serves reads from then on.
 */
public class ColumnCoverage {
  private static final Logger LOG = LoggerFactory.getLogger(ColumnCoverage.class);

  private final PinotBroker pinot;
  private final LoadingCache<String, TableColumns> byTable;

  public ColumnCoverage(PinotBroker pinot, Duration refreshEvery) {
    this.pinot = pinot;
    this.byTable = Caffeine.newBuilder().refreshAfterWrite(refreshEvery).build(this::load);
  }

  /** How a read of a table's windows from {@code from} on, naming these dimensions, writes them. */
  DimensionSql sqlFor(String table, Collection<String> dimensions, long from) {
    return byTable.get(table).serves(dimensions, from) ? DimensionSql.COLUMNS : DimensionSql.DOCUMENT;
  }

  private TableColumns load(String table) {
    try {
      Map<String, Long> unfilledUntil = new HashMap<>();
      for (String column : pinot.columns(table)) {
        if (DimensionColumns.isDimensionColumn(column)) {
          unfilledUntil.put(column, newestUnfilled(table, column));
        }
      }
      return new TableColumns(Map.copyOf(unfilledUntil));
    } catch (PinotUnavailableException e) {
      LOG.warn("Could not read the dimension columns of {}; its reads use the dims document: {}", table,
          e.getMessage());
      return TableColumns.NONE;
    }
  }

  /** The start of the newest window whose row has the column unfilled, or {@code Long.MIN_VALUE}. */
  private long newestUnfilled(String table, String column) {
    List<JsonNode> rows = pinot.query("SELECT MAX(window_start) FROM " + table + " WHERE " + column + " = "
        + PinotSql.literal(DimensionColumns.NOT_MATERIALIZED));
    double newest = rows.isEmpty() ? Double.NEGATIVE_INFINITY : Double.parseDouble(rows.get(0).get(0).asText());
    return Double.isInfinite(newest) ? Long.MIN_VALUE : (long) newest;
  }

  /** @param unfilledUntil per dimension column, the newest window start with a row that has it unfilled */
  record TableColumns(Map<String, Long> unfilledUntil) {
    static final TableColumns NONE = new TableColumns(Map.of());

    boolean serves(Collection<String> dimensions, long from) {
      return dimensions.stream()
          .allMatch(d -> from > unfilledUntil.getOrDefault(DimensionColumns.of(d), Long.MAX_VALUE));
    }
  }
}
