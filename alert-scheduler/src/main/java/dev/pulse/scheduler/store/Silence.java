package dev.pulse.scheduler.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.contract.alerting.Alert;
import java.time.Instant;
import java.util.Map;

/**
 * A silence: alerts of its rule (any rule when null) whose dimensions include every matcher are
 * logged, not sent, between starts_at and ends_at.
 */
public record Silence(
    @JsonProperty("id") long id,
    @JsonProperty("rule_id") Long ruleId,
    @JsonProperty("matchers") Map<String, String> matchers,
    @JsonProperty("starts_at") Instant startsAt,
    @JsonProperty("ends_at") Instant endsAt,
    @JsonProperty("comment") String comment,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("created_at") Instant createdAt) {

  public boolean matches(Alert alert, Instant at) {
    return !at.isBefore(startsAt) && at.isBefore(endsAt)
        && (ruleId == null || ruleId == alert.rule().id())
        && matchers.entrySet().stream().allMatch(m -> m.getValue().equals(alert.dimensions().get(m.getKey())));
  }

  public boolean active(Instant at) {
    return !at.isBefore(startsAt) && at.isBefore(endsAt);
  }
}
