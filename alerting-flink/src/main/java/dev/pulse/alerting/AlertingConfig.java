package dev.pulse.alerting;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.flink.config.FlinkOptions;
import dev.pulse.flink.config.KafkaSettings;
import dev.pulse.flink.config.RegistrySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** The alerting job's configuration, as read from alerting.yml. */
public record AlertingConfig(
    @JsonProperty(value = "kafka", required = true) KafkaSettings kafka,
    @JsonProperty(value = "registry", required = true) RegistrySettings registry,
    @JsonProperty(value = "evaluation", required = true) Evaluation evaluation,
    @JsonProperty("catalogPath") String catalogPath,
    @JsonProperty("catalogCheckInterval") Duration catalogCheckInterval,
    @JsonProperty("flink") Map<String, String> flink) {

  public AlertingConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(evaluation, "evaluation");
    catalogCheckInterval = catalogCheckInterval == null ? Duration.ofSeconds(5) : catalogCheckInterval;
    flink = FlinkOptions.withoutEmpty(flink);
  }

  /**
   * @param outOfOrderness how far behind the newest event the watermark stays
   * @param idleAdvanceAfter with no events for this long, event time follows the wall clock, so a
   *     window empties and an alert resolves even when nothing more arrives
   * @param backlogIdleAdvanceAfter the same for a partition that has not yet delivered a recent
   *     event (just assigned after a restore, or behind): it may be slow to fetch its backlog, not idle
   * @param dedupTtl how long an event_id is remembered, so a retried batch is not counted twice
   */
  public record Evaluation(
      @JsonProperty(value = "outOfOrderness", required = true) Duration outOfOrderness,
      @JsonProperty(value = "idleAdvanceAfter", required = true) Duration idleAdvanceAfter,
      @JsonProperty("backlogIdleAdvanceAfter") Duration backlogIdleAdvanceAfter,
      @JsonProperty(value = "dedupTtl", required = true) Duration dedupTtl)
      implements java.io.Serializable {

    public Evaluation {
      backlogIdleAdvanceAfter = backlogIdleAdvanceAfter == null ? Duration.ofSeconds(30) : backlogIdleAdvanceAfter;
    }
  }
}
