package dev.pulse.scheduler.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertState;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.scheduler.store.NamedChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineAlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final NamedChannel ON_CALL = new NamedChannel("pulse-oncall", "routing-key", "services/T/B/X", List.of(),
      true, 1, Instant.EPOCH, Instant.EPOCH);

  /** A body as Alertmanager 0.25 posts it (webhook payload version 4). */
  private static PipelineAlerts.Webhook webhook(String status, String endsAt) throws Exception {
    return JSON.readValue("""
        {"receiver":"alert-scheduler","status":"%s","version":"4","groupKey":"{}:{alertname=\\"ConsumerLagHigh\\"}",
         "truncatedAlerts":0,"groupLabels":{"alertname":"ConsumerLagHigh"},"commonLabels":{},"commonAnnotations":{},
         "externalURL":"http://127.0.0.1:9095",
         "alerts":[{"status":"%s","labels":{"alertname":"ConsumerLagHigh","consumergroup":"pulse-preagg","severity":"critical"},
           "annotations":{"summary":"Consumer group pulse-preagg is behind","metric":"kafka_consumergroup_lag_seconds",
                          "value":"45.5","threshold":"30"},
           "startsAt":"2026-12-01T10:00:00.000Z","endsAt":"%s","generatorURL":"http://127.0.0.1:9090/graph",
           "fingerprint":"3f2c1b0a99887766"}]}
        """.formatted(status, status, endsAt), PipelineAlerts.Webhook.class);
  }

  @Test
  void aFiringAlertBecomesAPipelineRuleAlertThatPagesThroughEveryKindOfTheNamedChannel() throws Exception {
    PipelineAlerts alerts = new PipelineAlerts(name -> Optional.of(ON_CALL).filter(c -> c.name().equals(name)), "pulse-oncall");
    PipelineAlerts.Webhook firing = webhook("firing", "0001-01-01T00:00:00Z");

    assertThat(PipelineAlerts.problemWith(firing)).isNull();
    Alert alert = alerts.alertsOf(firing).get(0);

    assertThat(alert.state()).isEqualTo(AlertState.FIRING);
    assertThat(alert.rule().id()).isNegative().isEqualTo(PipelineAlerts.ruleId("ConsumerLagHigh"));
    assertThat(PipelineAlerts.isPipelineRule(alert.rule())).isTrue();
    assertThat(alert.rule().name()).isEqualTo("Consumer group pulse-preagg is behind");
    assertThat(alert.rule().metric()).isEqualTo("kafka_consumergroup_lag_seconds");
    assertThat(alert.rule().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.rule().condition()).isEqualTo(Condition.GREATER_THAN);
    assertThat(alert.rule().threshold()).isEqualTo(30.0);
    assertThat(alert.rule().channels()).containsExactly("pagerduty://pulse-oncall", "slack://pulse-oncall");
    assertThat(alert.value()).isEqualTo(45.5);
    assertThat(alert.groupKey()).isEqualTo("3f2c1b0a99887766");
    assertThat(alert.dimensions()).containsOnlyKeys("consumergroup");
    assertThat(alert.firstBreachAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());
  }

  @Test
  void theSameAlertSentAgainHasTheSameIdAndItsResolveAnother() throws Exception {
    PipelineAlerts alerts = new PipelineAlerts(name -> Optional.of(ON_CALL), "pulse-oncall");

    Alert first = alerts.alertsOf(webhook("firing", "0001-01-01T00:00:00Z")).get(0);
    Alert repeated = alerts.alertsOf(webhook("firing", "0001-01-01T00:00:00Z")).get(0);
    Alert resolved = alerts.alertsOf(webhook("resolved", "2026-12-01T10:05:00Z")).get(0);

    assertThat(repeated.id()).isEqualTo(first.id());
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.id()).isNotEqualTo(first.id());
    assertThat(resolved.eventTime()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z").toEpochMilli());
    assertThat(resolved.groupKey()).isEqualTo(first.groupKey());
  }

  @Test
  void withoutTheNamedChannelTheAlertIsKeptAndItsDeliveryRejectedByName() throws Exception {
    PipelineAlerts alerts = new PipelineAlerts(name -> Optional.empty(), "pulse-oncall");

    assertThat(alerts.alertsOf(webhook("firing", "0001-01-01T00:00:00Z")).get(0).rule().channels())
        .containsExactly("email://pulse-oncall");
  }

  @Test
  void aBodyThatIsNotAnAlertmanagerWebhookIsRefusedWithAReason() throws Exception {
    PipelineAlerts.Webhook old = JSON.readValue("{\"version\":\"3\",\"alerts\":[]}", PipelineAlerts.Webhook.class);
    PipelineAlerts.Webhook nameless = JSON.readValue(
        "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{},\"startsAt\":\"2026-12-01T10:00:00Z\","
            + "\"fingerprint\":\"x\"}]}", PipelineAlerts.Webhook.class);

    assertThat(PipelineAlerts.problemWith(old)).contains("version 4");
    assertThat(PipelineAlerts.problemWith(nameless)).contains("labels.alertname");
  }
}
