package dev.pulse.api.alerts;

import dev.pulse.api.catalog.CatalogProvider;
import dev.pulse.contract.alerting.Statistic;
import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.contract.catalog.MetricDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a rule before it is stored, saying everything that is wrong at once, in the caller's
 * terms. The alerting job evaluates count, sum and ratio metrics (a rate is a count over its
 * window), so rules on sketch or extreme-value metrics are refused here rather than never firing.
 */
public class RuleValidator {
  private static final Set<Aggregation> EVALUATED = Set.of(Aggregation.COUNT, Aggregation.SUM, Aggregation.RATIO);
  private static final int MAX_NAME = 200;
  private static final String PAGERDUTY = "pagerduty://";
  private static final String SLACK = "slack://";
  private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern SLACK_WEBHOOK = Pattern.compile("services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+");

  private final CatalogProvider catalog;
  private final Duration minWindow;
  private final Duration maxWindow;

  public RuleValidator(CatalogProvider catalog, Duration minWindow, Duration maxWindow) {
    this.catalog = catalog;
    this.minWindow = minWindow;
    this.maxWindow = maxWindow;
  }

  /** Throws {@link IllegalArgumentException} listing every problem. */
  public void check(AlertRuleSpec rule) {
    List<String> problems = new ArrayList<>();
    if (rule.name() == null || rule.name().isBlank() || rule.name().length() > MAX_NAME) {
      problems.add("name is required, at most " + MAX_NAME + " characters");
    }
    checkMetric(rule, problems);
    if (rule.condition() == null) {
      problems.add("condition is required: GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN or LESS_THAN_OR_EQUAL");
    }
    if (rule.threshold() == null || !Double.isFinite(rule.threshold())) {
      problems.add("threshold is required and must be a finite number");
    }
    checkWindows(rule, problems);
    if (rule.channels().isEmpty()) {
      problems.add("channels needs at least one of pagerduty://<routing-key> or slack://services/T/B/X");
    }
    rule.channels().forEach(channel -> checkChannel(channel, problems));
    checkEscalation(rule, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private void checkMetric(AlertRuleSpec rule, List<String> problems) {
    if (rule.metric() == null) {
      problems.add("metric is required");
      return;
    }
    MetricDefinition metric = catalog.current().find(rule.metric()).orElse(null);
    if (metric == null) {
      problems.add("unknown metric '" + rule.metric() + "'; GET /v1/metrics lists them");
      return;
    }
    if (!EVALUATED.contains(metric.aggregation())) {
      problems.add("metric '" + rule.metric() + "' is a " + metric.aggregation().label()
          + "; alerts evaluate count, sum and ratio metrics");
    }
    rule.dimensions().keySet().stream()
        .filter(key -> !metric.hasDimension(key))
        .forEach(key -> problems.add("'" + key + "' is not a dimension of " + metric.name() + "; it has " + metric.dimensions()));
    rule.groupBy().stream()
        .filter(key -> key == null || !metric.hasDimension(key))
        .forEach(key -> problems.add("group_by '" + key + "' is not a dimension of " + metric.name() + "; it has " + metric.dimensions()));
    if (rule.statistic() == Statistic.RATE && metric.aggregation() == Aggregation.RATIO) {
      problems.add("statistic 'RATE' is for count and sum metrics; '" + rule.metric() + "' is a ratio");
    }
  }

  private void checkEscalation(AlertRuleSpec rule, List<String> problems) {
    Integer after = rule.escalateAfterSeconds();
    if (after != null && (after < 1 || after > maxWindow.toSeconds())) {
      problems.add("escalate_after_seconds must be between 1 and " + maxWindow.toSeconds() + ", or absent for never");
    }
    if (after == null && !rule.escalationChannels().isEmpty()) {
      problems.add("escalation_channels needs escalate_after_seconds: how long a firing alert may go unacknowledged");
    }
    rule.escalationChannels().forEach(channel -> checkChannel(channel, problems));
  }

  private void checkWindows(AlertRuleSpec rule, List<String> problems) {
    Integer window = rule.windowSeconds();
    if (window == null || window < minWindow.toSeconds() || window > maxWindow.toSeconds()) {
      problems.add("window_seconds must be between " + minWindow.toSeconds() + " and " + maxWindow.toSeconds()
          + (window == null ? "" : ", got " + window));
    }
    if (rule.forSeconds() < 0 || rule.forSeconds() > maxWindow.toSeconds()) {
      problems.add("for_seconds must be between 0 and " + maxWindow.toSeconds());
    }
  }

  private static void checkChannel(String channel, List<String> problems) {
    if (channel == null) {
      problems.add("a channel is null");
    } else if (channel.startsWith(PAGERDUTY)) {
      if (!ROUTING_KEY.matcher(channel.substring(PAGERDUTY.length())).matches()) {
        problems.add("channel '" + channel + "' needs a routing key: pagerduty://<routing-key> (letters and digits)");
      }
    } else if (channel.startsWith(SLACK)) {
      if (!SLACK_WEBHOOK.matcher(channel.substring(SLACK.length())).matches()) {
        problems.add("channel '" + channel + "' must look like slack://services/T000/B000/XXXX");
      }
    } else {
      problems.add("channel '" + channel + "' must be pagerduty://<routing-key> or slack://services/T/B/X");
    }
  }

}
