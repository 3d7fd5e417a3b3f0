package dev.pulse.preagg.records;

/** The running aggregate of one series in one window. */
public class SeriesAccumulator {
  public String metric;
  public String[] dimNames;
  public String[] dimValues;
  public double value;
  public long eventCount;

  public SeriesAccumulator() {}

  public boolean isEmpty() {
    return metric == null;
  }
}
