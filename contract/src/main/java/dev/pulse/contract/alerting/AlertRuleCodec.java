package dev.pulse.contract.alerting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Alert rules as they travel on {@code alerts.rules}: JSON, unknown fields ignored for evolution. */
public final class AlertRuleCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private AlertRuleCodec() {}

  public static byte[] encode(AlertRule rule) {
    try {
      return JSON.writeValueAsBytes(rule);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AlertRule decode(byte[] json) {
    try {
      return JSON.readValue(json, AlertRule.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not an alert rule", e);
    }
  }
}
