package dev.pulse.preagg.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** The job's configuration, as read from preagg.yml. */
public record PreaggConfig(
    @JsonProperty(value = "kafka", required = true) Kafka kafka,
    @JsonProperty(value = "registry", required = true) Registry registry,
    @JsonProperty(value = "aggregation", required = true) Aggregation aggregation,
    @JsonProperty("catalogPath") String catalogPath,
    @JsonProperty("catalogCheckInterval") Duration catalogCheckInterval,
    @JsonProperty("flink") Map<String, String> flink) {

  public PreaggConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(aggregation, "aggregation");
    flink = withoutEmpty(flink);
    catalogCheckInterval = catalogCheckInterval == null ? Duration.ofSeconds(5) : catalogCheckInterval;
  }

  /** An option left empty (an unset ${VAR:-}, say) is not set at all. */
  public static Map<String, String> withoutEmpty(Map<String, String> options) {
    Map<String, String> set = new java.util.HashMap<>();
    if (options != null) {
      options.forEach((key, value) -> {
        if (value != null && !value.isBlank()) {
          set.put(key, value);
        }
      });
    }
    return Map.copyOf(set);
  }

  public record Kafka(
      @JsonProperty(value = "bootstrapServers", required = true) String bootstrapServers,
      @JsonProperty(value = "consumerGroup", required = true) String consumerGroup,
      @JsonProperty(value = "transactionalIdPrefix", required = true) String transactionalIdPrefix,
      @JsonProperty(value = "transactionTimeout", required = true) Duration transactionTimeout) {}

  public record Registry(@JsonProperty(value = "url", required = true) String url) {}

  public record Aggregation(
      @JsonProperty(value = "outOfOrderness", required = true) Duration outOfOrderness,
      @JsonProperty(value = "idleness", required = true) Duration idleness,
      @JsonProperty(value = "earlyFiringInterval", required = true) Duration earlyFiringInterval,
      @JsonProperty(value = "allowedLateness", required = true) Duration allowedLateness,
      @JsonProperty(value = "dedupTtl", required = true) Duration dedupTtl,
      @JsonProperty(value = "maxBufferedPanes", required = true) int maxBufferedPanes)
      implements java.io.Serializable {}
}
