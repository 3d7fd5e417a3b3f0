package dev.pulse.backfill.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.backfill.pinot.PinotBroker;
import dev.pulse.contract.history.Coverage;
import dev.pulse.contract.history.Coverage.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The windows a reader is served for one metric and range, by the stitching rule every read
 * follows ({@link Coverage}): history where it has restated the window's metric and tenant,
 * realtime everywhere else.
 */
public final class ServedRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** More rows than one metric's day should ever have; a cut answer would understate what is served. */
  private static final int LIMIT = 5_000_000;

  /** One served window: its value and how many events it counts. */
  public record Served(double value, long events) {}

  private final PinotBroker broker;
  private final String historyTable;
  private final String realtimeTable;

  public ServedRows(PinotBroker broker, String historyTable, String realtimeTable) {
    this.broker = broker;
    this.historyTable = historyTable;
    this.realtimeTable = realtimeTable;
  }

  public Coverage coverage(String metric) throws IOException {
    List<Span> spans = new ArrayList<>();
    for (JsonNode row : broker.query("SELECT dims, window_start, window_end, emitted_at FROM " + historyTable
        + " WHERE metric = " + PinotBroker.literal(metric) + " AND window_spec = " + PinotBroker.literal(Coverage.MARKER_WINDOW_SPEC)
        + " LIMIT " + LIMIT)) {
      spans.add(Coverage.spanOf(metric, tenant(row.get(0).asText()), row.get(1).asLong(), row.get(2).asLong(), row.get(3).asLong()));
    }
    return new Coverage(spans);
  }

  /**
   * Served windows of a metric starting in [from, to), by {@link WindowKey}, for the tenants given
   * (every tenant when none are).
   */
  public Map<WindowKey, Served> read(String metric, long from, long to, Set<String> tenants) throws IOException {
    Coverage coverage = coverage(metric);
    Map<WindowKey, Served> served = new HashMap<>();
    collect(historyTable, metric, from, to, tenants, served, (tenant, start) -> coverage.covering(tenant, start).isPresent());
    collect(realtimeTable, metric, from, to, tenants, served, (tenant, start) -> coverage.covering(tenant, start).isEmpty());
    return served;
  }

  private interface Source {
    boolean serves(String tenant, long windowStart);
  }

  private void collect(String table, String metric, long from, long to, Set<String> tenants, Map<WindowKey, Served> into,
      Source source) throws IOException {
    for (JsonNode row : broker.query("SELECT window_spec, window_start, dims_hash, dims, \"value\", event_count FROM "
        + table + " WHERE metric = " + PinotBroker.literal(metric) + " AND window_spec <> "
        + PinotBroker.literal(Coverage.MARKER_WINDOW_SPEC) + " AND window_start >= " + from + " AND window_start < " + to
        + " LIMIT " + LIMIT)) {
      String tenant = tenant(row.get(3).asText());
      long start = row.get(1).asLong();
      if ((tenants.isEmpty() || tenants.contains(tenant)) && source.serves(tenant, start)) {
        into.put(new WindowKey(row.get(0).asText(), start, row.get(2).asText()), new Served(row.get(4).asDouble(), row.get(5).asLong()));
      }
    }
  }

  private static String tenant(String dims) throws IOException {
    return JSON.readTree(dims).path("tenant").asText("");
  }
}
