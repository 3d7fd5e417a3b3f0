package dev.pulse.api.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule as the API answers it: the published rule table's names ({@code rule_id},
 * {@code metric_name}, {@code notification_channel}, {@code enabled} and {@code is_active},
 * {@code created_at}, {@code updated_at}) and, beside them, ours ({@code id}, {@code metric},
 * {@code channels}, grouping, escalation, version), so tools of either kind read it.
 *
 * @param notificationChannel the first of {@code channels}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleAnswer(
    String ruleId,
    long id,
    String name,
    String metricName,
    String metric,
    Map<String, String> dimensions,
    List<String> groupBy,
    Statistic statistic,
    Condition condition,
    double threshold,
    int windowSeconds,
    int forSeconds,
    Severity severity,
    String notificationChannel,
    List<String> channels,
    Integer escalateAfterSeconds,
    List<String> escalationChannels,
    boolean enabled,
    boolean isActive,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public static RuleAnswer of(StoredRule stored) {
    AlertRule rule = stored.rule();
    return new RuleAnswer(stored.ruleId().toString(), rule.id(), rule.name(), rule.metric(), rule.metric(),
        rule.dimensions(), rule.groupBy(), rule.statistic(), rule.condition(), rule.threshold(), rule.windowSeconds(),
        rule.forSeconds(), rule.severity(), rule.channels().isEmpty() ? null : rule.channels().get(0), rule.channels(),
        rule.escalateAfterSeconds(), rule.escalationChannels(), rule.enabled(), rule.enabled(), rule.version(),
        stored.createdAt(), stored.updatedAt());
  }
}
