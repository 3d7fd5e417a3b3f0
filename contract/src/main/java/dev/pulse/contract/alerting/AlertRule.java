package dev.pulse.contract.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * One alert rule as it now stands: when the metric's value over the last {@code windowSeconds} of
 * event time, for the events matching {@code dimensions}, meets the condition for
 * {@code forSeconds}, it fires to every channel. Stored by metrics-api, followed by the alerting
 * job through {@code alerts.rules}.
 *
 * @param dimensions dimension filters, e.g. {@code {"event_type": "purchase"}}; empty for all
 * @param groupBy dimensions evaluated separately, each combination of values its own alert (e.g.
 *     {@code ["tenant"]} pages per customer); empty for one alert over everything matched
 * @param statistic the metric's value over the window, or that value per second
 * @param channels {@code pagerduty://<routing-key>} or {@code slack://services/T/B/X}
 * @param escalateAfterSeconds how long a FIRING alert may go unacknowledged before it is sent again
 *     (to {@code escalationChannels} if there are any, else to {@code channels}); null for never
 * @param enabled false once disabled; rules are never deleted
 * @param version grows with every change, so a follower can ignore an older state
 * @param updatedAt epoch milliseconds of the last change
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRule(
    long id,
    String name,
    String metric,
    Map<String, String> dimensions,
    List<String> groupBy,
    Statistic statistic,
    Condition condition,
    double threshold,
    int windowSeconds,
    int forSeconds,
    Severity severity,
    List<String> channels,
    Integer escalateAfterSeconds,
    List<String> escalationChannels,
    boolean enabled,
    long version,
    long updatedAt) {

  public AlertRule {
    dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    statistic = statistic == null ? Statistic.VALUE : statistic;
    channels = channels == null ? List.of() : List.copyOf(channels);
    escalationChannels = escalationChannels == null ? List.of() : List.copyOf(escalationChannels);
  }

  /** The value a rule compares, from the metric's value over the window. */
  public double statisticOf(double windowValue) {
    return statistic == Statistic.RATE ? windowValue / windowSeconds : windowValue;
  }
}
