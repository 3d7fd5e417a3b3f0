package dev.pulse.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.api.pinot.PinotBroker;
import dev.pulse.contract.catalog.Tenants;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads rows of the realtime table for {@link RecentRows}: all of a tenant's from a window start
 * on, or those of several tenants emitted since a time. Each answer also says until when it is
 * complete.
 *
 * <p>Completeness comes from Pinot itself. Each query reports how far its consuming segments had
 * indexed (the Kafka record timestamps, which are the rows' {@code emitted_at}); a partition's
 * committed records are consumed in offset order, so every row emitted before that was visible to
 * the query. But Pinot leaves a consuming segment that has indexed nothing yet out of that figure
 * (and reports {@code Long.MAX_VALUE} when none has indexed anything), so a partition that was idle
 * could still deliver a row stamped earlier, once its transaction commits: the margin covers
 * that commit, a checkpoint or a few away.
 */
final class RecentRowsSource {
  private static final Logger LOG = LoggerFactory.getLogger(RecentRowsSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longer than the pre-aggregation job takes to commit an emission, even reading a backlog. */
  private static final long MARGIN_MS = 30_000;
  /** When a query reached no consuming segment (no realtime data yet), assume no more than this lag. */
  private static final long UNKNOWN_LAG_MS = 60_000;

  private final PinotBroker pinot;
  private final ColumnCoverage columns;
  private final Cache<String, Map<String, String>> dimsByDocument = Caffeine.newBuilder().maximumSize(100_000).build();
  private final Counter fetches;
  private final Counter fetchedRows;

  RecentRowsSource(PinotBroker pinot, ColumnCoverage columns, PrometheusRegistry registry) {
    this.pinot = pinot;
    this.columns = columns;
    this.fetches = Counter.builder().name("pulse_query_recent_rows_fetches_total")
        .help("Pinot queries for the recent rows, by kind (load of a tenant, changes) and outcome")
        .labelNames("kind", "outcome").register(registry);
    this.fetchedRows = Counter.builder().name("pulse_query_recent_rows_fetched_rows_total")
        .help("rows fetched from Pinot for the recent rows").register(registry);
  }

  /** Rows, and the emission time before which every row the query asked for was among them. */
  record Fetched(List<RecentRow> rows, long completeUntil, boolean cut) {}

  /** A tenant's rows of windows from {@code from} on; {@code cut} when it has more than {@code limit}. */
  Fetched tenant(String tenant, long from, int limit, long now) {
    return fetch("load", "SELECT " + RecentRow.COLUMNS + " FROM " + MetricReader.REALTIME_TABLE
        + " WHERE " + tenantIn(Set.of(tenant), from) + " AND window_start >= " + from, limit, now);
  }

  /** The tenants' rows of windows from {@code from} on emitted since {@code since}. */
  Fetched changes(Collection<String> tenants, long from, long since, int limit, long now) {
    return fetch("changes", "SELECT " + RecentRow.COLUMNS + " FROM " + MetricReader.REALTIME_TABLE
        + " WHERE " + tenantIn(tenants, from) + " AND window_start >= " + from + " AND emitted_at >= " + since,
        limit, now);
  }

  /** The tenant a row belongs to. */
  static String tenantOf(RecentRow row) {
    return row.dims().getOrDefault(Tenants.DIMENSION.path(), "");
  }

  private Fetched fetch(String kind, String sql, int limit, long now) {
    PinotBroker.Rows result;
    try {
      result = pinot.queryRows(sql + " LIMIT " + (limit + 1));
    } catch (RuntimeException e) {
      fetches.labelValues(kind, "failed").inc();
      throw e;
    }
    fetches.labelValues(kind, "ok").inc();
    fetchedRows.inc(result.rows().size());
    if (result.rows().size() > limit) {
      return new Fetched(List.of(), Long.MIN_VALUE, true);
    }
    List<RecentRow> rows = new ArrayList<>(result.rows().size());
    for (JsonNode row : result.rows()) {
      rows.add(RecentRow.of(row, this::dims));
    }
    long consumed = result.consumedUntil();
    LOG.debug("{}: {} rows; Pinot had consumed until {} at {}", kind, rows.size(), consumed, now);
    boolean known = consumed != Long.MIN_VALUE && consumed <= now;
    return new Fetched(rows, (known ? consumed : now - UNKNOWN_LAG_MS) - MARGIN_MS, false);
  }

  private String tenantIn(Collection<String> tenants, long from) {
    String tenant = Tenants.DIMENSION.path();
    return columns.sqlFor(MetricReader.REALTIME_TABLE, Set.of(tenant), from).in(tenant, List.copyOf(tenants));
  }

  /** The dimensions of a {@code dims} document, one shared map per distinct document. */
  private Map<String, String> dims(String document) {
    return dimsByDocument.get(document, RecentRowsSource::parse);
  }

  private static Map<String, String> parse(String document) {
    try {
      Map<String, String> dims = new HashMap<>();
      JSON.readTree(document).fields().forEachRemaining(f -> dims.put(f.getKey(), f.getValue().asText("")));
      return Map.copyOf(dims);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored dims document is not JSON: " + document, e);
    }
  }
}
