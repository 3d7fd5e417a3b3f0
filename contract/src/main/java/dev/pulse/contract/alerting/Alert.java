package dev.pulse.contract.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * One state change of one rule's group, as the alerting job writes it to {@code alerts} and the
 * alert-scheduler notifies it. It carries the rule as it stood, so the scheduler needs no other
 * source to decide where and how to notify.
 *
 * @param id the same for a replay of the same change: rule, group, first breach and state
 * @param groupKey identifies the group within the rule (stable across changes; the PagerDuty
 *     dedup key is built from rule id and group key)
 * @param dimensions the group's dimension values, and the rule's filters
 * @param value the statistic when the state changed; null when it has none (a ratio of no events)
 * @param firstBreachAt event time (epoch ms) when the condition began to hold
 * @param eventTime event time (epoch ms) of the evaluation that changed the state
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
    String id,
    AlertState state,
    AlertRule rule,
    String groupKey,
    Map<String, String> dimensions,
    Double value,
    long firstBreachAt,
    long eventTime) {

  public Alert {
    dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
  }

  public static String idOf(long ruleId, String groupKey, long firstBreachAt, AlertState state) {
    return ruleId + ":" + groupKey + ":" + firstBreachAt + ":" + state.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The Kafka key: every change of one group lands on one partition, in order. */
  public String topicKey() {
    return rule.id() + ":" + groupKey;
  }
}
