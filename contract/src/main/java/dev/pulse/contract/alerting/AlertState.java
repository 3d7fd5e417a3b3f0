package dev.pulse.contract.alerting;

/** The state an alert changed to. */
public enum AlertState {
  /** The rule's condition has held for its {@code for_seconds}. */
  FIRING,
  /** A firing alert's condition no longer holds. */
  RESOLVED
}
