package dev.pulse.api.alerts;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a caller sends to create or replace a rule, in the published names ({@code metric_name},
 * {@code notification_channel}, {@code is_active}) or ours ({@code metric}, a {@code channels}
 * list, {@code enabled}); {@link RuleValidator} checks it. The condition stays text until then, so
 * a misspelt one is answered with the spellings there are rather than a JSON parse error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRuleSpec(
    @JsonProperty("name") String name,
    @JsonProperty("metric_name") @JsonAlias("metric") String metric,
    @JsonProperty("dimensions") Map<String, String> dimensions,
    @JsonProperty("group_by") List<String> groupBy,
    @JsonProperty("statistic") Statistic statistic,
    @JsonProperty("condition") String condition,
    @JsonProperty("threshold") Double threshold,
    @JsonProperty("window_seconds") Integer windowSeconds,
    @JsonProperty("for_seconds") Integer forSeconds,
    @JsonProperty("severity") Severity severity,
    @JsonProperty("notification_channel") String notificationChannel,
    @JsonProperty("channels") List<String> channels,
    @JsonProperty("escalate_after_seconds") Integer escalateAfterSeconds,
    @JsonProperty("escalation_channels") List<String> escalationChannels,
    @JsonProperty("enabled") @JsonAlias("is_active") Boolean enabled) {

  public AlertRuleSpec {
    dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    statistic = statistic == null ? Statistic.VALUE : statistic;
    channels = channels == null ? List.of() : new ArrayList<>(channels); // may hold a null, which is reported
    escalationChannels = escalationChannels == null ? List.of() : new ArrayList<>(escalationChannels);
    forSeconds = forSeconds == null ? 0 : forSeconds;
    severity = severity == null ? Severity.WARNING : severity;
    enabled = enabled == null ? Boolean.TRUE : enabled;
  }

  /** The published single channel first, then the list, each once. */
  @JsonIgnore
  public List<String> allChannels() {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    if (notificationChannel != null) {
      all.add(notificationChannel);
    }
    all.addAll(channels);
    return new ArrayList<>(all);
  }

  @JsonIgnore
  public Optional<Condition> conditionValue() {
    return Condition.parse(condition);
  }

  /** The rule's name, or one made of what it checks, e.g. {@code error_rate > 0.05 over 60 s}. */
  @JsonIgnore
  public String displayName() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String comparison = conditionValue().map(Condition::symbol).orElse(String.valueOf(condition));
    String dims = dimensions.isEmpty() ? "" : " " + new java.util.TreeMap<>(dimensions);
    return metric + dims + " " + comparison + " " + number(threshold) + " over " + windowSeconds + " s";
  }

  private static String number(Double value) {
    if (value == null) {
      return "?";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
  }
}
