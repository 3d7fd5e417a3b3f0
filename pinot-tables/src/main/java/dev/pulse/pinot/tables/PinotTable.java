package dev.pulse.pinot.tables;

import java.util.List;

/** A Pinot table of the product: its schema and its table configs, as shipped in this jar. */
public record PinotTable(String name, String schemaResource, List<String> tableConfigResources) {

  /** Pre-aggregated metric windows, upserted from metrics.agg. */
  public static final PinotTable METRICS_AGG =
      new PinotTable(
          "metrics_agg",
          "/pinot/metrics_agg/schema.json",
          List.of("/pinot/metrics_agg/realtime-table.json"));

  /**
   * Metric windows of the past, pushed as segments by the backfill and corrections path and kept a
   * year. A table of its own rather than the OFFLINE half of metrics_agg: Pinot 0.11 splits a
   * hybrid table at a time boundary derived from push frequency, which would hide or double-count
   * windows here; metrics-api stitches the two tables itself.
   */
  public static final PinotTable METRICS_HISTORY =
      new PinotTable(
          "metrics_history",
          "/pinot/metrics_agg/schema.json",
          List.of("/pinot/metrics_history/offline-table.json"));

  public static final List<PinotTable> ALL = List.of(METRICS_AGG, METRICS_HISTORY);
}
