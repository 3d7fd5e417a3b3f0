package dev.pulse.contract.alerting;

/** What of a metric's windowed value a rule compares with its threshold. */
public enum Statistic {
  /** The value over the window: a count, a sum or a ratio. */
  VALUE,
  /** The value over the window per second: events or summed amounts per second. */
  RATE
}
