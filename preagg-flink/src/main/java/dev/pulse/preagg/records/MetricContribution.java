package dev.pulse.preagg.records;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one event adds to one metric series: the metric, the event's values of the metric's
 * dimensions, and the amount. Dimensions are parallel arrays rather than a map so that Flink ships
 * them with its own array serializers instead of falling back to Kryo.
 */
public class MetricContribution {
  public String metric;
  public String[] dimNames;
  public String[] dimValues;
  public double amount;
  public long eventTimestamp;

  public MetricContribution() {}

  public MetricContribution(
      String metric, String[] dimNames, String[] dimValues, double amount, long eventTimestamp) {
    this.metric = metric;
    this.dimNames = dimNames;
    this.dimValues = dimValues;
    this.amount = amount;
    this.eventTimestamp = eventTimestamp;
  }

  /**
   * The series this contribution belongs to, as a string Flink can hash. Every part is
   * length-prefixed, so no dimension value can make two series collide.
   */
  public String seriesKey() {
    StringBuilder key = new StringBuilder(64);
    append(key, metric);
    for (int i = 0; i < dimNames.length; i++) {
      append(key, dimNames[i]);
      append(key, dimValues[i]);
    }
    return key.toString();
  }

  public Map<String, String> dims() {
    Map<String, String> dims = new TreeMap<>();
    for (int i = 0; i < dimNames.length; i++) {
      dims.put(dimNames[i], dimValues[i]);
    }
    return dims;
  }

  private static void append(StringBuilder key, String part) {
    key.append(part.length()).append(':').append(part);
  }

  @Override
  public String toString() {
    return metric + Arrays.toString(dimValues) + "+" + amount;
  }
}
