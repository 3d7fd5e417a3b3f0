package dev.pulse.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertCodec;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.AlertRuleCodec;
import dev.pulse.contract.alerting.AlertState;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The evaluator alone: rule changes, samples and watermarks under the test's control. */
class RuleEvaluatorTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String GROUP = "tenant=acme";

  private KeyedBroadcastOperatorTestHarness<String, RuleSample, String, String> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new RuleEvaluator(), RuleSample::windowKey, Types.STRING, RuleBook.RULES);
    harness.processBroadcastWatermark(Long.MAX_VALUE); // as RulesNeverHoldTime does
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aBreachFiresOnceAndItsRecoveryResolvesTheSameAlert() throws Exception {
    harness.processBroadcastElement(rule(1, 3.0, 0, true), 0);
    for (int i = 0; i < 6; i++) {
      harness.processElement(sample(T0 + i * 1000), T0 + i * 1000);
    }
    harness.processWatermark(T0 + 60_000); // every sample has left the 10 s window

    List<Alert> alerts = alerts();
    assertThat(alerts).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    Alert firing = alerts.get(0);
    assertThat(firing.value()).isEqualTo(4.0);
    assertThat(firing.firstBreachAt()).isEqualTo(T0 + 3000);
    assertThat(firing.eventTime()).isEqualTo(T0 + 3000);
    assertThat(firing.dimensions()).containsEntry("tenant", "acme").containsEntry("event_type", "purchase");
    assertThat(firing.rule().threshold()).isEqualTo(3.0);
    assertThat(alerts.get(1).firstBreachAt()).isEqualTo(firing.firstBreachAt());
    assertThat(alerts.get(1).topicKey()).isEqualTo(firing.topicKey()).isEqualTo("7:" + GROUP);
    // Six samples, one a second: the count is back at 3 once the third oldest has left the window.
    assertThat(alerts.get(1).value()).isEqualTo(3.0);
    assertThat(alerts.get(1).eventTime()).isEqualTo(T0 + 13_000);
  }

  @Test
  void aLoweredThresholdFiresAtOnceAndDisablingResolves() throws Exception {
    harness.processBroadcastElement(rule(1, 10.0, 0, true), 0);
    harness.processElement(sample(T0), T0);
    harness.processElement(sample(T0 + 1000), T0 + 1000);
    assertThat(alerts()).isEmpty();

    harness.processBroadcastElement(rule(2, 1.0, 0, true), 0);
    harness.processBroadcastElement(rule(1, 10.0, 0, true), 0); // an older state, replayed: ignored
    harness.processBroadcastElement(rule(3, 1.0, 0, false), 0);

    List<Alert> alerts = alerts();
    assertThat(alerts).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    assertThat(alerts.get(0).rule().version()).isEqualTo(2);
    assertThat(alerts.get(1).rule().enabled()).isFalse();

    harness.processElement(sample(T0 + 2000), T0 + 2000); // a disabled rule does not fire
    assertThat(alerts()).hasSize(2);
  }

  @Test
  void aBreachMustLastForSecondsBeforeItFires() throws Exception {
    harness.processBroadcastElement(rule(1, 0.0, 5, true), 0);
    harness.processElement(sample(T0), T0);
    harness.processWatermark(T0 + 4000);
    assertThat(alerts()).isEmpty();

    harness.processWatermark(T0 + 5000);
    List<Alert> alerts = alerts();
    assertThat(alerts).extracting(Alert::state).containsExactly(AlertState.FIRING);
    assertThat(alerts.get(0).firstBreachAt()).isEqualTo(T0);
    assertThat(alerts.get(0).eventTime()).isEqualTo(T0 + 5000);
  }

  private List<Alert> alerts() {
    return harness.extractOutputValues().stream()
        .map(json -> AlertCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .toList();
  }

  private static RuleSample sample(long eventTime) {
    return new RuleSample(7, GROUP, Map.of("tenant", "acme", "event_type", "purchase"), eventTime, 1, 0, false);
  }

  private static String rule(long version, double threshold, int forSeconds, boolean enabled) {
    AlertRule rule = new AlertRule(7, "purchases spike", "event_count", Map.of("event_type", "purchase"),
        List.of("tenant"), Statistic.VALUE, Condition.GREATER_THAN, threshold, 10, forSeconds, Severity.CRITICAL,
        List.of("pagerduty://KEY"), null, List.of(), enabled, version, T0);
    return new String(AlertRuleCodec.encode(rule), StandardCharsets.UTF_8);
  }
}
