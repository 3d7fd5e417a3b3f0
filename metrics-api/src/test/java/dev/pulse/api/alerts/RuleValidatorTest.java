package dev.pulse.api.alerts;

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
import org.junit.jupiter.api.Test;

class RuleValidatorTest {
  private static final RuleValidator VALIDATOR =
      new RuleValidator(CatalogProvider.fixed(MetricCatalog.loadDefault()), Duration.ofSeconds(10), Duration.ofHours(24));

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
        .hasMessageContaining("channel 'mailto:ops@example.org' must be pagerduty://<routing-key> or slack://services/T/B/X");
  }

  @Test
  void channelsDimensionsAndMetricKindsAreChecked() {
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", Map.of("country", "US"), 60, List.of("pagerduty://"))))
        .hasMessageContaining("'country' is not a dimension of event_count")
        .hasMessageContaining("needs a routing key");
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", Map.of(), 60, List.of("slack://hooks/x"))))
        .hasMessageContaining("must look like slack://services/T000/B000/XXXX");
    assertThatThrownBy(() -> VALIDATOR.check(rule("unique_users", Map.of(), 60, List.of("pagerduty://k"))))
        .hasMessageContaining("alerts evaluate count, sum and ratio metrics");
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", Map.of(), 90_000, List.of())))
        .hasMessageContaining("window_seconds must be between 10 and 86400")
        .hasMessageContaining("channels needs at least one");
  }

  @Test
  void groupingRatesAndEscalationAreChecked() {
    assertThatCode(() -> VALIDATOR.check(rule("event_count", List.of("tenant", "event_type"), Statistic.RATE, 300,
        List.of("slack://services/T0/B0/XYZ")))).doesNotThrowAnyException();
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", List.of("country"), Statistic.VALUE, 0,
        List.of("mailto:boss@example.org"))))
        .hasMessageContaining("group_by 'country' is not a dimension of event_count")
        .hasMessageContaining("escalate_after_seconds must be between 1 and 86400")
        .hasMessageContaining("channel 'mailto:boss@example.org' must be");
    assertThatThrownBy(() -> VALIDATOR.check(rule("error_rate", List.of(), Statistic.RATE, null, List.of())))
        .hasMessageContaining("statistic 'RATE' is for count and sum metrics");
    assertThatThrownBy(() -> VALIDATOR.check(rule("event_count", List.of(), Statistic.VALUE, null,
        List.of("pagerduty://BOSS"))))
        .hasMessageContaining("escalation_channels needs escalate_after_seconds");
  }

  private static AlertRuleSpec rule(String metric, Map<String, String> dims, int window, List<String> channels) {
    return new AlertRuleSpec("checkout errors", metric, dims, List.of(), Statistic.VALUE, Condition.GREATER_THAN, 10.0,
        window, 30, Severity.CRITICAL, channels, null, List.of(), true);
  }

  private static AlertRuleSpec rule(
      String metric, List<String> groupBy, Statistic statistic, Integer escalateAfter, List<String> escalation) {
    return new AlertRuleSpec("checkout errors", metric, Map.of(), groupBy, statistic, Condition.GREATER_THAN, 10.0,
        60, 0, Severity.CRITICAL, List.of("pagerduty://R0UT1NGKEY"), escalateAfter, escalation, true);
  }
}
