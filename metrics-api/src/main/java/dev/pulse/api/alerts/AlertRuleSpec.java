package dev.pulse.api.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import java.util.List;
import java.util.Map;

/** What a caller sends to create or replace a rule; {@link RuleValidator} checks it. */
public record AlertRuleSpec(
    @JsonProperty("name") String name,
    @JsonProperty("metric") String metric,
    @JsonProperty("dimensions") Map<String, String> dimensions,
    @JsonProperty("group_by") List<String> groupBy,
    @JsonProperty("statistic") Statistic statistic,
    @JsonProperty("condition") Condition condition,
    @JsonProperty("threshold") Double threshold,
    @JsonProperty("window_seconds") Integer windowSeconds,
    @JsonProperty("for_seconds") Integer forSeconds,
    @JsonProperty("severity") Severity severity,
    @JsonProperty("channels") List<String> channels,
    @JsonProperty("escalate_after_seconds") Integer escalateAfterSeconds,
    @JsonProperty("escalation_channels") List<String> escalationChannels,
    @JsonProperty("enabled") Boolean enabled) {

  public AlertRuleSpec {
    dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    statistic = statistic == null ? Statistic.VALUE : statistic;
    channels = channels == null ? List.of() : List.copyOf(channels);
    escalationChannels = escalationChannels == null ? List.of() : List.copyOf(escalationChannels);
    forSeconds = forSeconds == null ? 0 : forSeconds;
    severity = severity == null ? Severity.WARNING : severity;
    enabled = enabled == null ? Boolean.TRUE : enabled;
  }
}
