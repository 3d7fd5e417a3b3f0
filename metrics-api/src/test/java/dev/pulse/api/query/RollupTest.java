package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pulse.contract.aggregate.Sketches;
import dev.pulse.contract.catalog.Aggregation;
import org.junit.jupiter.api.Test;

class RollupTest {

  @Test
  void anAverageIsTheSummedNumeratorOverTheSummedDenominatorNotAnAverageOfAverages() {
    Rollup avg = new Rollup(Aggregation.AVG);
    avg.addRows(10, 10, 10, 10, 1, 1); // one event of 10
    avg.addRows(5, 5, 5, 20, 4, 4); // four events averaging 5

    assertThat(avg.value()).isEqualTo(30.0 / 5); // 6, where the average of averages would be 7.5
  }

  @Test
  void countsAddAndExtremesCompare() {
    Rollup count = new Rollup(Aggregation.COUNT);
    Rollup max = new Rollup(Aggregation.MAX);
    for (double v : new double[] {3, 9, 4}) {
      count.addRows(v, v, v, v, 1, (long) v);
      max.addRows(v, v, v, v, 1, 1);
    }

    assertThat(count.value()).isEqualTo(16);
    assertThat(max.value()).isEqualTo(9);
  }

  @Test
  void distinctCountsMergeSketchesSoAUserSeenInTwoWindowsCountsOnce() {
    var first = Sketches.newHll();
    var second = Sketches.newHll();
    for (int u = 0; u < 1000; u++) {
      first.update("user-" + u);
      second.update("user-" + (u + 500)); // half overlap
    }
    Rollup rollup = new Rollup(Aggregation.DISTINCT_COUNT);
    rollup.addSketch(Sketches.toBytes(first), 1000);
    rollup.addSketch(Sketches.toBytes(second), 1000);

    assertThat(rollup.value()).isCloseTo(1500, within(1500 * 0.05));
    assertThat(rollup.events()).isEqualTo(2000);
  }

  @Test
  void percentilesMergeSketchesAndReportP50P95P99() {
    var low = Sketches.newKll();
    var high = Sketches.newKll();
    for (int i = 1; i <= 500; i++) {
      low.update(i);
      high.update(500 + i);
    }
    Rollup rollup = new Rollup(Aggregation.PERCENTILES);
    rollup.addSketch(Sketches.toBytes(low), 500);
    rollup.addSketch(Sketches.toBytes(high), 500);

    assertThat(rollup.percentiles()).containsOnlyKeys("p50", "p95", "p99");
    assertThat(rollup.percentiles().get("p50")).isCloseTo(500, within(1000 * 0.0165));
    assertThat(rollup.percentiles().get("p99")).isCloseTo(990, within(1000 * 0.0165));
  }
}
