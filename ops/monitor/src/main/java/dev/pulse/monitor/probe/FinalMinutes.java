package dev.pulse.monitor.probe;

import java.time.Duration;

/** Minutes of event time, and which of them are final: the audits judge only those. */
public final class FinalMinutes {
  public static final long MINUTE = 60_000;

  private FinalMinutes() {}

  /** The start of the minute that holds {@code epochMillis}. */
  public static long minuteOf(long epochMillis) {
    return Math.floorDiv(epochMillis, MINUTE) * MINUTE;
  }

  /** The newest minute whose end lies at least {@code settle} in the past. */
  public static long lastFinal(long now, Duration settle) {
    return minuteOf(now - settle.toMillis()) - MINUTE;
  }
}
