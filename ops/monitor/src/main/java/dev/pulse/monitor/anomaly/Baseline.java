package dev.pulse.monitor.anomaly;

import dev.pulse.monitor.probe.FinalMinutes;
import java.util.NavigableMap;

/**
 * A metric's rolling baseline: the mean and standard deviation of its final per-minute values
 * before the minute being judged. The baseline begins at the metric's first minute with data inside
 * the span (a metric added twenty minutes ago has twenty minutes of history, not sixty minutes of
 * zeros); after that, a minute without rows counted nothing and is a 0.
 *
 * @param minutes how many minutes the baseline holds: the rules' guard against too little history
 */
public record Baseline(double mean, double stddev, int minutes) {
  /**
   * The baseline of the minutes in {@code [judged - span, judged)}.
   *
   * @param values final value per minute start (epoch ms); absent minutes had no rows
   */
  public static Baseline before(NavigableMap<Long, Double> values, long judged, long spanMillis) {
    NavigableMap<Long, Double> window = values.subMap(judged - spanMillis, true, judged, false);
    Long first = window.isEmpty() ? null : window.firstKey();
    if (first == null) {
      return new Baseline(Double.NaN, Double.NaN, 0);
    }
    int minutes = 0;
    double sum = 0;
    double sumOfSquares = 0;
    for (long minute = first; minute < judged; minute += FinalMinutes.MINUTE) {
      double value = window.getOrDefault(minute, 0.0);
      minutes++;
      sum += value;
      sumOfSquares += value * value;
    }
    double mean = sum / minutes;
    // The sample variance, from sums: the values are per-minute counts and sums of modest size.
    double variance = minutes < 2 ? Double.NaN : Math.max(0, (sumOfSquares - minutes * mean * mean) / (minutes - 1));
    return new Baseline(mean, Math.sqrt(variance), minutes);
  }

  /** How many standard deviations {@code value} lies from the mean; NaN without variance. */
  public double zScore(double value) {
    return stddev > 0 ? (value - mean) / stddev : Double.NaN;
  }
}
