package dev.pulse.monitor.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BaselineTest {
  private static final long MINUTE = 60_000;
  private static final long JUDGED = 1_000 * MINUTE;

  @Test
  void meanAndSampleDeviationOfTheMinutesBeforeTheJudgedOne() {
    TreeMap<Long, Double> values = new TreeMap<>();
    double[] history = {2, 4, 4, 4, 5, 5, 7, 9};
    for (int i = 0; i < history.length; i++) {
      values.put(JUDGED - (history.length - i) * MINUTE, history[i]);
    }
    values.put(JUDGED, 40.0); // the judged minute is not its own baseline

    Baseline baseline = Baseline.before(values, JUDGED, 60 * MINUTE);

    assertThat(baseline.minutes()).isEqualTo(8);
    assertThat(baseline.mean()).isEqualTo(5.0);
    assertThat(baseline.stddev()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-9));
    assertThat(baseline.zScore(40)).isCloseTo(35 / Math.sqrt(32.0 / 7), within(1e-9));
  }

  @Test
  void startsAtTheFirstMinuteWithDataAndCountsLaterEmptyMinutesAsZero() {
    TreeMap<Long, Double> values = new TreeMap<>();
    values.put(JUDGED - 4 * MINUTE, 10.0);
    values.put(JUDGED - 1 * MINUTE, 10.0);

    Baseline baseline = Baseline.before(values, JUDGED, 60 * MINUTE);

    assertThat(baseline.minutes()).isEqualTo(4);
    assertThat(baseline.mean()).isEqualTo(5.0);
  }

  @Test
  void onlyTheSpanCounts() {
    TreeMap<Long, Double> values = new TreeMap<>();
    values.put(JUDGED - 90 * MINUTE, 1_000.0);
    values.put(JUDGED - 3 * MINUTE, 10.0);
    values.put(JUDGED - 2 * MINUTE, 20.0);

    Baseline baseline = Baseline.before(values, JUDGED, 60 * MINUTE);

    assertThat(baseline.minutes()).isEqualTo(3);
    assertThat(baseline.mean()).isEqualTo(10.0);
  }

  @Test
  void noVarianceOrNoHistoryGivesNoScore() {
    TreeMap<Long, Double> flat = new TreeMap<>();
    for (int i = 1; i <= 30; i++) {
      flat.put(JUDGED - i * MINUTE, 100.0);
    }
    assertThat(Baseline.before(flat, JUDGED, 60 * MINUTE).zScore(1_000)).isNaN();
    Baseline empty = Baseline.before(new TreeMap<>(), JUDGED, 60 * MINUTE);
    assertThat(empty.minutes()).isZero();
    assertThat(empty.zScore(5)).isNaN();
  }
}
