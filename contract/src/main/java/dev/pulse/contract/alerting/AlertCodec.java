package dev.pulse.contract.alerting;

import dev.pulse.contract.JsonCodec;

/** Alerts as they travel on {@code alerts}: JSON, keyed by rule id and group. */
public final class AlertCodec {
  private static final JsonCodec<Alert> CODEC = new JsonCodec<>(Alert.class, "an alert");

  private AlertCodec() {}

  public static byte[] encode(Alert alert) {
    return CODEC.encode(alert);
  }

  public static Alert decode(byte[] json) {
    return CODEC.decode(json);
  }
}
