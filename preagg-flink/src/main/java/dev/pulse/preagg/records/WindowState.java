package dev.pulse.preagg.records;

import dev.pulse.aggregation.Accumulator;

/** One open window of one series, as the window operator keeps it. */
public class WindowState {
  public Accumulator acc = new Accumulator();
  /** Emissions so far; the next one carries version + 1. */
  public long version;
  /** Changed since its last emission. */
  public boolean dirty;
  /** Its final value has been emitted (later emissions are late corrections, also final). */
  public boolean finalEmitted;

  public WindowState() {}
}
