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
    flink = flink == null ? Map.of() : Map.copyOf(flink);
    catalogCheckInterval = catalogCheckInterval == null ? Duration.ofSeconds(5) : catalogCheckInterval;
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
