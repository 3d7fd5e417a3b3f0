package dev.pulse.api.alerts;

import dev.pulse.api.catalog.CatalogProvider;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Statistic;
import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.contract.catalog.MetricDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a rule before it is stored, saying everything that is wrong at once, in the caller's
 * terms. The alerting job evaluates count, sum and ratio metrics (a rate is a count over its
 * window), so rules on sketch or extreme-value metrics are refused here rather than never firing.
 */
public class RuleValidator {
  private static final Set<Aggregation> EVALUATED = Set.of(Aggregation.COUNT, Aggregation.SUM, Aggregation.RATIO);
  private static final int MAX_NAME = 200;
  private static final Pattern CHANNEL_URI = Pattern.compile("(pagerduty|slack|email)://(.*)");
  private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern SLACK_WEBHOOK = Pattern.compile("services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+");
  private static final String CHANNEL_FORMS = "pagerduty://<channel or routing key>, slack://<channel or services/T/B/X>"
      + " or email://<channel>";

  private final CatalogProvider catalog;
  private final ChannelDirectory channels;
  private final Duration minWindow;
  private final Duration maxWindow;

  public RuleValidator(CatalogProvider catalog, ChannelDirectory channels, Duration minWindow, Duration maxWindow) {
    this.catalog = catalog;
    this.channels = channels;
    this.minWindow = minWindow;
    this.maxWindow = maxWindow;
  }

  /**
   * Throws {@link IllegalArgumentException} listing every problem, or
   * {@link ChannelDirectory.UnavailableException} when a named channel cannot be looked up now.
   */
  public void check(AlertRuleSpec rule) {
    List<String> problems = new ArrayList<>();
    if (rule.name() != null && rule.name().length() > MAX_NAME) {
      problems.add("name must be at most " + MAX_NAME + " characters (leave it out to have one made)");
    }
    checkMetric(rule, problems);
    if (rule.condition() == null) {
      problems.add("condition is required: one of " + Condition.spellings());
    } else if (rule.conditionValue().isEmpty()) {
      problems.add("condition '" + rule.condition() + "' is not one of " + Condition.spellings());
    }
    if (rule.threshold() == null || !Double.isFinite(rule.threshold())) {
      problems.add("threshold is required and must be a finite number");
    }
    checkWindows(rule, problems);
    if (rule.allChannels().isEmpty()) {
      problems.add("notification_channel (or a channels list) is required: " + CHANNEL_FORMS);
    }
    rule.allChannels().forEach(channel -> checkChannel(channel, problems));
    checkEscalation(rule, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private void checkMetric(AlertRuleSpec rule, List<String> problems) {
    if (rule.metric() == null) {
      problems.add("metric_name is required");
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

  /**
   * A channel names a channel of the directory, which wins, or is one of the raw forms that rules
   * made before named channels used (a routing key, a Slack webhook path).
   */
  private void checkChannel(String channel, List<String> problems) {
    if (channel == null) {
      problems.add("a channel is null");
      return;
    }
    Matcher uri = CHANNEL_URI.matcher(channel);
    if (!uri.matches()) {
      problems.add("channel '" + redacted(channel) + "' must be " + CHANNEL_FORMS);
      return;
    }
    String scheme = uri.group(1);
    String target = uri.group(2);
    Optional<ChannelDirectory.NamedChannel> named = mayBeAName(target) ? channels.find(target) : Optional.empty();
    if (named.isPresent()) {
      if (!named.get().kinds().contains(scheme)) {
        problems.add("channel '" + target + "' has no " + scheme + " delivery; it has " + named.get().kinds());
      } else if (!named.get().enabled()) {
        problems.add("channel '" + target + "' is disabled");
      }
      return;
    }
    boolean raw = switch (scheme) {
      case "pagerduty" -> ROUTING_KEY.matcher(target).matches();
      case "slack" -> SLACK_WEBHOOK.matcher(target).matches();
      default -> false;
    };
    if (!raw) {
      problems.add("no notification channel named '" + target + "' (" + scheme + "://" + target + "); create it with"
          + " POST /v1/channels on the alert scheduler" + switch (scheme) {
            case "pagerduty" -> ", or give a routing key: pagerduty://<letters and digits>";
            case "slack" -> ", or give a webhook path: slack://services/T000/B000/XXXX";
            default -> "";
          });
    }
  }

  /** Channel names are short words; a webhook path or an address is never looked up as one. */
  private static boolean mayBeAName(String target) {
    return target.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  }

  /** A raw channel holds a secret: quote only its start back to the caller, as the logs would. */
  private static String redacted(String channel) {
    return channel.length() <= 16 ? channel : channel.substring(0, 16) + "…";
  }
}
