package dev.pulse.contract.alerting;

/** How urgent a rule's alert is; PagerDuty's own severities, so a page carries it unchanged. */
public enum Severity {
  CRITICAL,
  ERROR,
  WARNING,
  INFO
}
