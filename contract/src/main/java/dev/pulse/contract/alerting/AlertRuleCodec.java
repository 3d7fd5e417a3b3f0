package dev.pulse.contract.alerting;

import dev.pulse.contract.JsonCodec;

/** Alert rules as they travel on {@code alerts.rules}: JSON, keyed by rule id. */
public final class AlertRuleCodec {
  private static final JsonCodec<AlertRule> CODEC = new JsonCodec<>(AlertRule.class, "an alert rule");

  private AlertRuleCodec() {}

  public static byte[] encode(AlertRule rule) {
    return CODEC.encode(rule);
  }

  public static AlertRule decode(byte[] json) {
    return CODEC.decode(json);
  }
}
