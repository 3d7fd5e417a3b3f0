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

  public static final List<PinotTable> ALL = List.of(METRICS_AGG);
}
