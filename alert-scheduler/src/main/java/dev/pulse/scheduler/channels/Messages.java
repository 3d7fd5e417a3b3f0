package dev.pulse.scheduler.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Statistic;
import dev.pulse.scheduler.intake.PipelineAlerts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The bodies the receivers expect: PagerDuty Events API v2 (trigger and resolve under one stable
 * dedup_key per rule and group) and Slack incoming webhooks (a readable message with the metric,
 * value, threshold and a link to the dashboard), and e-mail with the same facts.
 */
public class Messages {
  /** What a notification says. */
  public enum Kind { TRIGGER, RESOLVE, ESCALATE }

  private static final int MAX_SUMMARY = 1024;
  private static final int MAX_DEDUP_KEY = 255;

  private final ObjectMapper json;
  private final String dashboardUrl;
  private final String operatorViewUrl;

  public Messages(ObjectMapper json, String dashboardUrl, String operatorViewUrl) {
    this.json = json;
    this.dashboardUrl = dashboardUrl.endsWith("/") ? dashboardUrl : dashboardUrl + "/";
    this.operatorViewUrl = operatorViewUrl;
  }

  public byte[] body(Channel channel, Alert alert, Kind kind, int step) {
    ObjectNode body = channel.kind() == Channel.Kind.PAGERDUTY
        ? pagerDuty(channel.routingKey(), alert, kind, step)
        : slack(alert, kind, step);
    return json.valueToTree(body).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Stable for a rule and group, so PagerDuty folds a trigger, its repeats and its resolve together. */
  public static String dedupKey(Alert alert) {
    String key = "pulse-rule-" + alert.rule().id() + "-" + alert.groupKey();
    return key.length() <= MAX_DEDUP_KEY ? key : key.substring(0, MAX_DEDUP_KEY);
  }

  /** A metric alert opens its metric on the dashboard; a pipeline alert, the operators' view. */
  public String dashboardLink(Alert alert) {
    if (PipelineAlerts.isPipelineRule(alert.rule())) {
      return operatorViewUrl;
    }
    return dashboardUrl + "?metric=" + URLEncoder.encode(alert.rule().metric(), StandardCharsets.UTF_8);
  }

  private ObjectNode pagerDuty(String routingKey, Alert alert, Kind kind, int step) {
    ObjectNode event = json.createObjectNode();
    event.put("routing_key", routingKey);
    event.put("event_action", kind == Kind.RESOLVE ? "resolve" : "trigger");
    event.put("dedup_key", dedupKey(alert));
    if (kind == Kind.RESOLVE) {
      return event; // Events API v2: a resolve carries only the key it resolves
    }
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", clip(headline(alert, kind, step), MAX_SUMMARY));
    payload.put("source", "pulse/" + alert.rule().metric());
    payload.put("severity", alert.rule().severity().name().toLowerCase(Locale.ROOT));
    payload.put("timestamp", Instant.ofEpochMilli(alert.eventTime()).toString());
    payload.put("component", alert.rule().metric());
    payload.put("group", alert.groupKey());
    payload.put("class", PipelineAlerts.isPipelineRule(alert.rule()) ? "pipeline health" : "metric threshold");
    ObjectNode details = payload.putObject("custom_details");
    details.put("rule_id", alert.rule().id());
    details.put("rule", alert.rule().name());
    details.put("metric", alert.rule().metric());
    if (alert.value() != null) {
      details.put("value", alert.value());
    }
    details.put("condition", alert.rule().condition().name());
    details.put("threshold", alert.rule().threshold());
    details.put("statistic", alert.rule().statistic().name());
    details.put("window_seconds", alert.rule().windowSeconds());
    details.set("dimensions", json.valueToTree(alert.dimensions()));
    details.put("first_breach_at", Instant.ofEpochMilli(alert.firstBreachAt()).toString());
    event.putArray("links").addObject().put("href", dashboardLink(alert)).put("text", "Pulse dashboard");
    event.put("client", "Pulse");
    event.put("client_url", dashboardLink(alert));
    return event;
  }

  /** The Slack message's facts, for a person's inbox: a subject that says it all, text and HTML. */
  public EmailMessage email(Alert alert, Kind kind, int step) {
    List<String[]> facts = facts(alert);
    StringBuilder text = new StringBuilder(headline(alert, kind, step)).append("\n\n");
    StringBuilder html = new StringBuilder("<html><body><h2>").append(escape(headline(alert, kind, step)))
        .append("</h2><table>");
    for (String[] fact : facts) {
      text.append(fact[0]).append(": ").append(fact[1]).append('\n');
      html.append("<tr><th align=\"left\">").append(escape(fact[0])).append("</th><td>").append(escape(fact[1]))
          .append("</td></tr>");
    }
    text.append("\nOpen the dashboard: ").append(dashboardLink(alert)).append('\n');
    html.append("</table><p><a href=\"").append(escape(dashboardLink(alert))).append("\">Open the dashboard</a></p>")
        .append("</body></html>");
    return new EmailMessage(clip(headline(alert, kind, step), MAX_SUMMARY), text.toString(), html.toString());
  }

  /** What every message says beside its headline, as label and value. */
  private static List<String[]> facts(Alert alert) {
    return List.of(
        new String[] {"Metric", alert.rule().metric() + dimensionsText(alert)},
        new String[] {"Value", valueText(alert) + " (threshold: " + symbol(alert.rule().condition()) + " "
            + number(alert.rule().threshold()) + over(alert.rule()) + ")"},
        new String[] {"Since", Instant.ofEpochMilli(alert.firstBreachAt()).toString()});
  }

  /** A pipeline alert's window is in its PromQL, not in the rule. */
  private static String over(AlertRule rule) {
    return rule.windowSeconds() > 0 ? ", over " + rule.windowSeconds() + " s" : "";
  }

  private ObjectNode slack(Alert alert, Kind kind, int step) {
    StringBuilder facts = new StringBuilder();
    facts(alert).forEach(fact -> facts.append(fact[0]).append(": ").append(fact[1]).append('\n'));
    String text = headline(alert, kind, step) + "\n" + facts + "<" + dashboardLink(alert) + "|Open the dashboard>";
    ObjectNode message = json.createObjectNode();
    message.put("text", text);
    ObjectNode section = message.putArray("blocks").addObject();
    section.put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", text);
    return message;
  }

  private static String headline(Alert alert, Kind kind, int step) {
    AlertRule rule = alert.rule();
    String state = switch (kind) {
      case TRIGGER -> "FIRING";
      case RESOLVE -> "RESOLVED";
      case ESCALATE -> "STILL FIRING, unacknowledged (escalation " + step + ")";
    };
    String against = kind == Kind.RESOLVE
        ? ", no longer " + symbol(rule.condition()) + " " + number(rule.threshold())
        : " " + symbol(rule.condition()) + " " + number(rule.threshold());
    return "[" + rule.severity().name() + "] " + state + ": " + rule.name() + " — " + rule.metric() + " = "
        + valueText(alert) + against;
  }

  private static String dimensionsText(Alert alert) {
    if (alert.dimensions().isEmpty()) {
      return "";
    }
    return " (" + alert.dimensions().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", ")) + ")";
  }

  private static String valueText(Alert alert) {
    if (alert.value() == null) {
      return "no data";
    }
    return number(alert.value()) + (alert.rule().statistic() == Statistic.RATE ? "/s" : "");
  }

  private static String symbol(Condition condition) {
    return condition.symbol();
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
