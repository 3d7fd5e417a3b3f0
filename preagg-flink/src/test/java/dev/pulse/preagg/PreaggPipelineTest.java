package dev.pulse.preagg;

import static dev.pulse.preagg.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.functions.CompiledMetric;
import dev.pulse.preagg.records.RawEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The topology on a MiniCluster at parallelism 2, fed from memory and read back from its output. */
class PreaggPipelineTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final PreaggConfig.Aggregation SETTINGS =
      new PreaggConfig.Aggregation(
          Duration.ofMinutes(1),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          Duration.ofHours(2));

  @Test
  void countsEveryEventOnceInItsOneMinuteWindowPerSourceAndType() throws Exception {
    List<RawEvent> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(Events.pageView("web", T0.plusMillis(i * 500L))); // 0-49.5 s: first minute
    }
    for (int i = 0; i < 7; i++) {
      events.add(Events.pageView("ios", T0.plusSeconds(61 + i)));
    }
    events.add(Events.purchase("web", T0.plusSeconds(59), 12.5));
    // Out of order by 40 s, but inside the allowed lateness: still counted in the first minute.
    events.add(Events.pageView("web", T0.plusSeconds(20)));

    Map<String, AggregateRecord> finals = finalEmissions(run(events));

    long minute0 = T0.toEpochMilli();
    long minute1 = minute0 + 60_000;
    assertThat(finals)
        .hasSize(3)
        .containsKeys(
            key(minute0, "web", "page_view"),
            key(minute0, "web", "purchase"),
            key(minute1, "ios", "page_view"));
    assertThat(finals.get(key(minute0, "web", "page_view")).value()).isEqualTo(101);
    assertThat(finals.get(key(minute0, "web", "page_view")).eventCount()).isEqualTo(101);
    assertThat(finals.get(key(minute0, "web", "purchase")).value()).isEqualTo(1);
    assertThat(finals.get(key(minute1, "ios", "page_view")).value()).isEqualTo(7);
    assertThat(finals.get(key(minute1, "ios", "page_view")).windowEnd()).isEqualTo(minute1 + 60_000);
  }

  @Test
  void everyEmissionOfAWindowHasAHigherVersionAndTheLastIsFinal() throws Exception {
    List<RawEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(Events.pageView("web", T0.plusSeconds(i)));
    }

    List<AggregateRecord> emissions = run(events);
    List<AggregateRecord> ofWindow =
        emissions.stream()
            .filter(r -> r.windowStart() == T0.toEpochMilli())
            .sorted(Comparator.comparingLong(AggregateRecord::version))
            .toList();

    assertThat(ofWindow).isNotEmpty();
    assertThat(ofWindow).extracting(AggregateRecord::version).doesNotHaveDuplicates();
    AggregateRecord last = ofWindow.get(ofWindow.size() - 1);
    assertThat(last.isFinal()).isTrue();
    assertThat(last.value()).isEqualTo(50);
    assertThat(ofWindow.subList(0, ofWindow.size() - 1))
        .allSatisfy(provisional -> assertThat(provisional.isFinal()).isFalse());
  }

  private static List<AggregateRecord> run(List<RawEvent> events) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    var stream =
        env.fromData(events).assignTimestampsAndWatermarks(PreaggPipeline.watermarks(SETTINGS));
    List<AggregateRecord> out = new ArrayList<>();
    try (CloseableIterator<AggregateRecord> results =
        PreaggPipeline.aggregate(
                stream, CompiledMetric.compile(MetricCatalog.loadDefault()), SETTINGS)
            .executeAndCollect()) {
      results.forEachRemaining(out::add);
    }
    return out;
  }

  private static Map<String, AggregateRecord> finalEmissions(List<AggregateRecord> emissions) {
    return emissions.stream()
        .filter(AggregateRecord::isFinal)
        .collect(
            Collectors.toMap(
                r -> key(r.windowStart(), r.dims().get("source"), r.dims().get("event_type")),
                r -> r,
                (a, b) -> a.version() > b.version() ? a : b));
  }

  private static String key(long windowStart, String source, String eventType) {
    return windowStart + "/" + source + "/" + eventType;
  }
}
