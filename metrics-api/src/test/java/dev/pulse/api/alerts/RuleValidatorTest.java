package dev.pulse.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.api.catalog.CatalogProvider;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import dev.pulse.contract.catalog.MetricCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {
  /** The scheduler's directory as this service sees it: names and kinds, no secrets. */
  private static final Map<String, ChannelDirectory.NamedChannel> CHANNELS = Map.of(
      "team-data-eng", new ChannelDirectory.NamedChannel("team-data-eng", Set.of("pagerduty", "email"), true),
      "retired", new ChannelDirectory.NamedChannel("retired", Set.of("slack"), false));
  private static final RuleValidator VALIDATOR = new RuleValidator(CatalogProvider.fixed(MetricCatalog.loadDefault()),
      name -> Optional.ofNullable(CHANNELS.get(name)), Duration.ofSeconds(10), Duration.ofHours(24));

  @Test
  void aCompleteRuleOnACountMetricPasses() {
    assertThatCode(() -> VALIDATOR.check(rule("event_count", Map.of("event_type", "purchase"), 60,
        List.of("pagerduty://R0UT1NGKEY", "slack://services/T0/B0/XYZ")))).doesNotThrowAnyException();
  }

  @Test
  void everyProblemIsNamedInOneAnswer() {
    assertThatThrownBy(() -> VALIDATOR.check(rule("no_such_metric", Map.of(), 5, List.of("mailto:ops@example.org"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown metric 'no_such_metric'")
        .hasMessageContaining("window_seconds must be between 10 and 86400, got 5")
        .hasMessageContaining("channel 'mailto:ops@examp…' must be pagerduty://<channel or routing key>");
  }

  @Test
  void channelsDimensionsAndMetricKindsAreChecked() {
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", Map.of("country", "US"), 60, List.of("pagerduty://"))))
        .hasMessageContaining("'country' is not a dimension of event_count")
        .hasMessageContaining("or give a routing key: pagerduty://<letters and digits>");
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", Map.of(), 60, List.of("slack://hooks/x"))))
        .hasMessageContaining("or give a webhook path: slack://services/T000/B000/XXXX");
    assertThatThrownBy(() -> VALIDATOR.check(rule("unique_users", Map.of(), 60, List.of("pagerduty://k"))))
        .hasMessageContaining("alerts evaluate count, sum and ratio metrics");
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", Map.of(), 90_000, List.of())))
        .hasMessageContaining("window_seconds must be between 10 and 86400")
        .hasMessageContaining("notification_channel (or a channels list) is required");
  }

  @Test
  void groupingRatesAndEscalationAreChecked() {
    assertThatCode(() -> VALIDATOR.check(rule("event_count", List.of("tenant", "event_type"), Statistic.RATE, 300,
        List.of("slack://services/T0/B0/XYZ")))).doesNotThrowAnyException();
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", List.of("country"), Statistic.VALUE, 0,
        List.of("mailto:boss@example.org"))))
        .hasMessageContaining("group_by 'country' is not a dimension of event_count")
        .hasMessageContaining("escalate_after_seconds must be between 1 and 86400")
        .hasMessageContaining("channel 'mailto:boss@exam…' must be");
    assertThatThrownBy(() -> VALIDATOR.check(rule("error_rate", List.of(), Statistic.RATE, null, List.of())))
        .hasMessageContaining("statistic 'RATE' is for count and sum metrics");
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", List.of(), Statistic.VALUE, null,
        List.of("pagerduty://BOSS"))))
        .hasMessageContaining("escalation_channels needs escalate_after_seconds");
  }

  @Test
  void thePublishedBodyPassesWithANamedChannelAndGetsANameMadeForIt() {
    AlertRuleSpec published = published("GREATER_THAN", "pagerduty://team-data-eng");

    assertThatCode(() -> VALIDATOR.check(published)).doesNotThrowAnyException();
    assertThat(published.displayName()).isEqualTo("error_rate > 0.05 over 60 s");
    assertThat(published.allChannels()).containsExactly("pagerduty://team-data-eng");
  }

  @Test
  void conditionsTakeTheLongAndTheShortSpellings() {
    for (String condition : List.of("GREATER_THAN", "LESS_THAN", "gt", "lt", "eq", "greater_than")) {
      assertThatCode(() -> VALIDATOR.check(published(condition, "email://team-data-eng"))).as(condition)
          .doesNotThrowAnyException();
    }
    assertThat(published("eq", "email://team-data-eng").conditionValue()).contains(Condition.EQUAL);
    assertThatThrownBy(() -> VALIDATOR.check(published("bigger", "email://team-data-eng")))
        .hasMessageContaining("condition 'bigger' is not one of GREATER_THAN (gt)");
  }

  @Test
  void aChannelMustExistHaveTheKindItIsUsedWithAndBeEnabled() {
    assertThatThrownBy(() -> VALIDATOR.check(published("gt", "pagerduty://team-nobody")))
        .hasMessageContaining("no notification channel named 'team-nobody'")
        .hasMessageContaining("POST /v1/channels");
    assertThatThrownBy(() -> VALIDATOR.check(published("gt", "slack://team-data-eng")))
        .hasMessageContaining("channel 'team-data-eng' has no slack delivery");
    assertThatThrownBy(() -> VALIDATOR.check(published("gt", "slack://retired")))
        .hasMessageContaining("channel 'retired' is disabled");
    assertThatThrownBy(() -> VALIDATOR.check(published("gt", "email://ops@example.org")))
        .hasMessageContaining("no notification channel named 'ops@example.org'");
  }

  private static AlertRuleSpec published(String condition, String channel) {
    return new AlertRuleSpec(null, "error_rate", null, null, null, condition, 0.05, 60, null, null, channel, null, null,
        null, null);
  }

  private static AlertRuleSpec rule(String metric, Map<String, String> dims, int window, List<String> channels) {
    return new AlertRuleSpec("checkout errors", metric, dims, List.of(), Statistic.VALUE, "GREATER_THAN", 10.0,
        window, 30, Severity.CRITICAL, null, channels, null, List.of(), true);
  }

  private static AlertRuleSpec rule(
      String metric, List<String> groupBy, Statistic statistic, Integer escalateAfter, List<String> escalation) {
    return new AlertRuleSpec("checkout errors", metric, Map.of(), groupBy, statistic, "GREATER_THAN", 10.0,
        60, 0, Severity.CRITICAL, null, List.of("pagerduty://R0UT1NGKEY"), escalateAfter, escalation, true);
  }
}
