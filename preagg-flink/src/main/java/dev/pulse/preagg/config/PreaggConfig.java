package dev.pulse.preagg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.flink.config.FlinkOptions;
import dev.pulse.flink.config.KafkaSettings;
import dev.pulse.flink.config.RegistrySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** The job's configuration, as read from preagg.yml. */
public record PreaggConfig(
    @JsonProperty(value = "kafka", required = true) KafkaSettings kafka,
    @JsonProperty(value = "registry", required = true) RegistrySettings registry,
    @JsonProperty(value = "aggregation", required = true) Aggregation aggregation,
    @JsonProperty("catalogPath") String catalogPath,
    @JsonProperty("catalogCheckInterval") Duration catalogCheckInterval,
    @JsonProperty("faults") Faults faults,
    @JsonProperty("backlogAfter") Duration backlogAfter,
    @JsonProperty("flink") Map<String, String> flink) {

  public PreaggConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(aggregation, "aggregation");
    flink = FlinkOptions.withoutEmpty(flink);
    catalogCheckInterval = catalogCheckInterval == null ? Duration.ofSeconds(5) : catalogCheckInterval;
    faults = faults == null ? new Faults(0) : faults;
    backlogAfter = backlogAfter == null ? Duration.ofSeconds(10) : backlogAfter;
  }

  /**
   * Faults injected on purpose, for the monitors' end-to-end tests only: {@code dropShare} of the
   * events are lost before aggregation. Zero (the default) injects nothing.
   */
  public record Faults(@JsonProperty("dropShare") double dropShare) implements java.io.Serializable {
    public Faults {
      if (dropShare < 0 || dropShare >= 1) {
        throw new IllegalArgumentException("faults.dropShare is a share of events, from 0 to below 1: " + dropShare);
      }
    }
  }

  public record Aggregation(
      @JsonProperty(value = "outOfOrderness", required = true) Duration outOfOrderness,
      @JsonProperty(value = "idleness", required = true) Duration idleness,
      @JsonProperty(value = "allowedLateness", required = true) Duration allowedLateness,
      @JsonProperty(value = "dedupTtl", required = true) Duration dedupTtl,
      @JsonProperty(value = "maxBufferedPanes", required = true) int maxBufferedPanes)
      implements java.io.Serializable {}
}
