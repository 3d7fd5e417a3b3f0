package dev.pulse.scheduler.intake;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.AlertState;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import dev.pulse.scheduler.store.NamedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Turns the alerts of an Alertmanager webhook (payload version 4) into this service's alerts, so
 * that the pipeline's own alerts (ops/prometheus/rules) page, group, silence and log exactly like
 * metric alerts. Each Prometheus alert rule becomes a rule with a negative id (metric rules have
 * positive ones) and each of its label sets a group, keyed by Alertmanager's fingerprint.
 *
 * <p>The rules' annotations say what a message shows: {@code summary} (the rule's name in
 * messages), {@code metric}, {@code value}, {@code threshold} and {@code condition}
 * ({@code gt}, {@code lt}, ...).
 */
public class PipelineAlerts {
  /** Labels that say where an alert came from rather than what it is about. */
  private static final Set<String> NOT_DIMENSIONS = Set.of("alertname", "severity");

  private final Function<String, Optional<NamedChannel>> channels;
  private final String channel;

  /** {@code channels} looks a named channel up (ChannelStore::find). */
  public PipelineAlerts(Function<String, Optional<NamedChannel>> channels, String channel) {
    this.channels = channels;
    this.channel = channel;
  }

  /** Alertmanager's webhook body, as much of it as an alert needs. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Webhook(String version, String status, List<Posted> alerts) {
    public Webhook {
      alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }
  }

  /** One alert of a webhook. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Posted(String status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
      Instant endsAt, String fingerprint) {
    public Posted {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
  }

  /** Whether a rule stands for a Prometheus alert rule rather than a metric rule of the API. */
  public static boolean isPipelineRule(AlertRule rule) {
    return rule.id() < 0;
  }

  /** Why a webhook cannot be taken, if it cannot; a client error for Alertmanager's log. */
  public static String problemWith(Webhook webhook) {
    if (!"4".equals(webhook.version())) {
      return "expected an Alertmanager webhook of version 4, got " + webhook.version();
    }
    for (Posted posted : webhook.alerts()) {
      if (posted.labels().get("alertname") == null || posted.fingerprint() == null || posted.startsAt() == null) {
        return "every alert needs labels.alertname, fingerprint and startsAt";
      }
      if (!"firing".equals(posted.status()) && !"resolved".equals(posted.status())) {
        return "an alert's status is firing or resolved, not " + posted.status();
      }
    }
    return null;
  }

  public List<Alert> alertsOf(Webhook webhook) {
    List<String> routes = routes();
    return webhook.alerts().stream().map(posted -> alertOf(posted, routes)).toList();
  }

  private Alert alertOf(Posted posted, List<String> routes) {
    AlertState state = "resolved".equals(posted.status()) ? AlertState.RESOLVED : AlertState.FIRING;
    long firstBreach = posted.startsAt().toEpochMilli();
    long eventTime = state == AlertState.RESOLVED && posted.endsAt() != null && posted.endsAt().isAfter(posted.startsAt())
        ? posted.endsAt().toEpochMilli() : firstBreach;
    AlertRule rule = ruleOf(posted, routes, eventTime);
    return new Alert(Alert.idOf(rule.id(), posted.fingerprint(), firstBreach, state), state, rule,
        posted.fingerprint(), dimensionsOf(posted), number(posted.annotations().get("value")), firstBreach, eventTime);
  }

  private static AlertRule ruleOf(Posted posted, List<String> routes, long updatedAt) {
    String alertname = posted.labels().get("alertname");
    Map<String, String> notes = posted.annotations();
    Double threshold = number(notes.get("threshold"));
    return new AlertRule(ruleId(alertname), notes.getOrDefault("summary", alertname),
        notes.getOrDefault("metric", alertname), Map.of(), List.of(), Statistic.VALUE, condition(notes.get("condition")),
        threshold == null ? 0 : threshold, 0, 0, severity(posted.labels().get("severity")), routes, null, List.of(),
        true, 1, updatedAt);
  }

  /** Stable per Prometheus alert name, and never a metric rule's (those are positive). */
  static long ruleId(String alertname) {
    CRC32 crc = new CRC32();
    crc.update(alertname.getBytes(StandardCharsets.UTF_8));
    return -1 - crc.getValue();
  }

  /** Every kind of the configured named channel; a missing channel is logged as rejected. */
  private List<String> routes() {
    List<String> kinds = channels.apply(channel).map(NamedChannel::kinds).orElse(List.of("email"));
    return kinds.stream().map(kind -> kind + "://" + channel).toList();
  }

  private static Map<String, String> dimensionsOf(Posted posted) {
    Map<String, String> dimensions = new HashMap<>(posted.labels());
    dimensions.keySet().removeAll(NOT_DIMENSIONS);
    return dimensions;
  }

  private static Severity severity(String label) {
    if (label == null) {
      return Severity.WARNING;
    }
    try {
      return Severity.valueOf(label.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Severity.WARNING;
    }
  }

  private static Condition condition(String annotation) {
    return annotation == null ? Condition.GREATER_THAN : Condition.parse(annotation).orElse(Condition.GREATER_THAN);
  }

  private static Double number(String text) {
    if (text == null) {
      return null;
    }
    try {
      double value = Double.parseDouble(text.trim());
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
