package dev.pulse.backfill.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** What a backfill talks to and where it keeps its records; read from backfill.yml. */
public record BackfillSettings(
    @JsonProperty(value = "pinot", required = true) Pinot pinot,
    @JsonProperty(value = "archive", required = true) Archive archive,
    @JsonProperty(value = "kafka", required = true) Kafka kafka,
    @JsonProperty("catalogPath") String catalogPath,
    @JsonProperty(value = "allowedLateness", required = true) Duration allowedLateness,
    @JsonProperty(value = "workDir", required = true) Path workDir) {

  public BackfillSettings {
    Objects.requireNonNull(pinot, "pinot");
    Objects.requireNonNull(archive, "archive");
  }

  /** The catalog file the jobs watch, or null for the catalog in the jar. */
  public Path liveCatalog() {
    return catalogPath == null || catalogPath.isBlank() ? null : Path.of(catalogPath);
  }

  public record Pinot(
      @JsonProperty(value = "controller", required = true) URI controller,
      @JsonProperty(value = "broker", required = true) URI broker,
      @JsonProperty(value = "historyTable", required = true) String historyTable,
      @JsonProperty(value = "realtimeTable", required = true) String realtimeTable,
      @JsonProperty(value = "requestTimeout", required = true) Duration requestTimeout) {}

  public record Kafka(
      @JsonProperty(value = "bootstrapServers", required = true) String bootstrapServers,
      @JsonProperty(value = "archiveGroup", required = true) String archiveGroup,
      @JsonProperty(value = "archiveWait", required = true) Duration archiveWait) {}

  /**
   * @param catalog Iceberg's own catalog properties, as the archive job has them
   */
  public record Archive(
      @JsonProperty(value = "catalogName", required = true) String catalogName,
      @JsonProperty(value = "namespace", required = true) String namespace,
      @JsonProperty(value = "catalog", required = true) Map<String, String> catalog,
      @JsonProperty(value = "retention", required = true) Duration retention) {}
}
