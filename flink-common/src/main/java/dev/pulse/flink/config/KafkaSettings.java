package dev.pulse.flink.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * A job's Kafka: where it is, the job's own consumer group on events.raw, and its transactional
 * sinks' id prefix, which must stay the same across restarts.
 */
public record KafkaSettings(
    @JsonProperty(value = "bootstrapServers", required = true) String bootstrapServers,
    @JsonProperty(value = "consumerGroup", required = true) String consumerGroup,
    @JsonProperty(value = "transactionalIdPrefix", required = true) String transactionalIdPrefix,
    @JsonProperty(value = "transactionTimeout", required = true) Duration transactionTimeout) {}
