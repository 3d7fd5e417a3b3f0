package dev.pulse.monitor.probe;

/** One thing the monitor looks at every interval, setting its gauges from what it finds. */
public interface Probe {
  /** Short and stable: the {@code probe} label of the monitor's own health metrics. */
  String name();

  /** Looks once; throws when it could not look, which the loop reports. */
  void run() throws Exception;
}
