package dev.pulse.preagg;

import static dev.pulse.preagg.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.aggregate.Sketches;
import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.aggregation.RawEvent;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.functions.WindowAggregator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a MiniCluster at parallelism 2, fed from memory. Watermarks follow every event
 * (bounded out-of-orderness, punctuated), so which events are late is decided by the test, not by
 * timing.
 */
class PreaggPipelineTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
  private static final PreaggConfig.Aggregation SETTINGS =
      new PreaggConfig.Aggregation(
          OUT_OF_ORDERNESS, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(3), 1000);

  @Test
  void duplicatesAreCountedOnce() throws Exception {
    RawEvent first = Events.pageView("web", T0.plusSeconds(1));
    List<RawEvent> events = List.of(first, Events.copyOf(first), Events.pageView("web", T0.plusSeconds(2)), Events.copyOf(first));

    assertThat(finalValue(run(events), "event_count", "1m", T0, Map.of("source", "web", "event_type", "page_view")))
        .isEqualTo(2);
  }

  @Test
  void outOfOrderEventsLandInTheirOwnWindows() throws Exception {
    List<RawEvent> events = new ArrayList<>();
    events.add(Events.pageView("web", T0.plusSeconds(70))); // second minute first
    events.add(Events.pageView("web", T0.plusSeconds(50))); // 20 s out of order: first minute
    events.add(Events.pageView("web", T0.plusSeconds(85)));
    events.add(Events.pageView("web", T0.plusSeconds(59)));

    List<AggregateRecord> out = run(events);

    Map<String, String> dims = Map.of("source", "web", "event_type", "page_view");
    assertThat(finalValue(out, "event_count", "1m", T0, dims)).isEqualTo(2);
    assertThat(finalValue(out, "event_count", "1m", T0.plusSeconds(60), dims)).isEqualTo(2);
  }

  @Test
  void aLateEventWithinTheLatenessReEmitsTheWindowWithAHigherVersion() throws Exception {
    List<RawEvent> events = new ArrayList<>();
    events.add(Events.pageView("web", T0.plusSeconds(10)));
    events.add(Events.pageView("web", T0.plusSeconds(200))); // watermark 170 s: first minute final
    events.add(Events.pageView("web", T0.plusSeconds(20))); // late by 2+ minutes, lateness is 10

    List<AggregateRecord> ofWindow = emissions(runInOrder(events), "event_count", "1m", T0);

    assertThat(ofWindow).extracting(AggregateRecord::value).containsExactly(1.0, 2.0);
    assertThat(ofWindow).extracting(AggregateRecord::isFinal).containsOnly(true);
    assertThat(ofWindow.get(1).version()).isGreaterThan(ofWindow.get(0).version());
  }

  @Test
  void anEventBeyondTheLatenessBecomesACorrectionOfItsWindow() throws Exception {
    List<RawEvent> events = new ArrayList<>();
    events.add(Events.pageView("web", T0.plusSeconds(10)));
    events.add(Events.pageView("web", T0.plusSeconds(60 * 20))); // watermark: 19.5 minutes on
    events.add(Events.pageView("web", T0.plusSeconds(30))); // beyond 10 minutes of lateness

    List<AggregateRecord> out = runInOrder(events);

    assertThat(emissions(out, "event_count", "1m", T0)).extracting(AggregateRecord::value).containsExactly(1.0);
    assertThat(out)
        .filteredOn(r -> r.version() == 0 && r.metric().equals("event_count") && r.windowSpec().equals("1m"))
        .singleElement()
        .satisfies(c -> {
          assertThat(c.windowStart()).isEqualTo(T0.toEpochMilli());
          assertThat(c.value()).isEqualTo(1);
        });
  }

  @Test
  void slidingWindowsAreExactAtTheirBoundaries() throws Exception {
    List<RawEvent> events = new ArrayList<>();
    events.add(Events.pageView("web", T0.minusMillis(1))); // last instant before T0
    events.add(Events.pageView("web", T0)); // first instant of the window starting at T0
    events.add(Events.pageView("web", T0.plusSeconds(30).minusMillis(1)));
    events.add(Events.pageView("web", T0.plusSeconds(300).minusMillis(1))); // last instant of [T0, T0+5m)
    events.add(Events.pageView("web", T0.plusSeconds(300))); // first instant after it

    List<AggregateRecord> out = run(events);

    Map<String, String> dims = Map.of("source", "web", "event_type", "page_view");
    assertThat(finalValue(out, "event_count", "5m/30s", T0, dims)).isEqualTo(3);
    assertThat(finalValue(out, "event_count", "5m/30s", T0.plusSeconds(30), dims)).isEqualTo(2);
    assertThat(finalValue(out, "event_count", "5m/30s", T0.minusSeconds(30), dims)).isEqualTo(3);
    assertThat(finalValue(out, "event_count", "5m/30s", T0.plusSeconds(300), dims)).isEqualTo(1);
  }

  @Test
  void everyAggregationMatchesARecount() throws Exception {
    double[] amounts = {12.5, 3.0, 40.0, 7.25};
    List<RawEvent> events = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      RawEvent purchase = Events.purchase("web", T0.plusSeconds(i), amounts[i], "EUR");
      purchase.userId = "u" + (i % 3);
      events.add(purchase);
    }
    events.add(Events.error("web", T0.plusSeconds(5)));
    events.add(Events.purchase("web", T0.plusSeconds(6), 99, "USD"));

    List<AggregateRecord> out = run(events);

    Map<String, String> eur = Map.of("properties.currency", "EUR");
    assertThat(finalValue(out, "revenue", "1m", T0, Map.of("source", "web", "properties.currency", "EUR")))
        .isEqualTo(62.75);
    assertThat(finalValue(out, "order_value_min", "1m", T0, eur)).isEqualTo(3.0);
    assertThat(finalValue(out, "order_value_max", "1m", T0, eur)).isEqualTo(40.0);
    AggregateRecord avg = finalRow(out, "order_value_avg", "1m", T0, eur);
    assertThat(avg.value()).isEqualTo(62.75 / 4);
    assertThat(avg.numerator()).isEqualTo(62.75);
    assertThat(avg.denominator()).isEqualTo(4);
    AggregateRecord errorRate = finalRow(out, "error_rate", "1m", T0, Map.of("source", "web"));
    assertThat(errorRate.numerator()).isEqualTo(1);
    assertThat(errorRate.denominator()).isEqualTo(6);
    assertThat(finalValue(out, "unique_users", "1m", T0, Map.of("source", "web"))).isCloseTo(3, within(0.01));
    AggregateRecord percentiles = finalRow(out, "order_value_percentiles", "1m", T0, eur);
    assertThat(Sketches.kll(percentiles.sketch()).getN()).isEqualTo(4);
    assertThat(Sketches.kll(percentiles.sketch()).getMaxItem()).isEqualTo(40.0);
  }

  @Test
  void sketchesStayWithinTheirDocumentedErrorBounds() throws Exception {
    Random random = new Random(42);
    int users = 20_000;
    double[] amounts = new double[users];
    List<RawEvent> events = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      amounts[i] = Math.round(random.nextDouble() * 100_000) / 100.0;
      RawEvent purchase = Events.purchase("web", T0.plusMillis(i), amounts[i], "EUR");
      purchase.userId = "user-" + i;
      events.add(purchase);
    }

    List<AggregateRecord> out = run(events);

    // HLL lgK 12: relative standard error 1.6%; 3 sigma is 4.9%.
    assertThat(finalValue(out, "unique_users", "1m", T0, Map.of("source", "web"))).isCloseTo(users, within(users * 0.049));
    // KLL k 200: normalized rank error 1.65% at 99% confidence.
    var kll = Sketches.kll(finalRow(out, "order_value_percentiles", "1m", T0, Map.of("properties.currency", "EUR")).sketch());
    Arrays.sort(amounts);
    for (double rank : new double[] {0.5, 0.95, 0.99}) {
      double estimate = kll.getQuantile(rank);
      double trueRank = (double) Math.abs(Arrays.binarySearch(amounts, estimate)) / users;
      assertThat(trueRank).as("rank of the estimated p%s", rank * 100).isCloseTo(rank, within(0.0165));
    }
  }

  @Test
  void aCatalogChangeTakesEffectWithoutARestart(@TempDir Path dir) throws Exception {
    Path catalogFile = dir.resolve("catalog.yml");
    Files.writeString(catalogFile, catalog("page_views"));
    CatalogSource catalog = CatalogSource.file(catalogFile.toString(), Duration.ZERO);
    List<RawEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(Events.pageView("web", T0.plusSeconds(i)));
    }
    events.add(Events.event("marker", "test", T0.plusSeconds(3), Map.of()));
    for (int i = 4; i < 9; i++) {
      events.add(Events.pageView("web", T0.plusSeconds(i)));
    }

    List<AggregateRecord> out =
        runPaced(events, catalog, new RewriteCatalogOnMarker(catalogFile.toString(), catalog("page_views", "page_views_by_source")));

    assertThat(finalValue(out, "page_views", "1m", T0, Map.of())).isEqualTo(8);
    assertThat(finalValue(out, "page_views_by_source", "1m", T0, Map.of("source", "web"))).isEqualTo(5);
  }

  /** Rewrites the catalog file when the marker event passes, then drops the marker. */
  static final class RewriteCatalogOnMarker implements org.apache.flink.api.common.functions.MapFunction<RawEvent, RawEvent> {
    private final String file;
    private final String content;

    RewriteCatalogOnMarker(String file, String content) {
      this.file = file;
      this.content = content;
    }

    @Override
    public RawEvent map(RawEvent event) throws Exception {
      if (event.eventType.equals("marker")) {
        Path path = Path.of(file);
        Files.writeString(path, content);
        Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(1)));
      }
      return event;
    }
  }

  private static String catalog(String... metrics) {
    StringBuilder yaml = new StringBuilder("metrics:\n");
    for (String metric : metrics) {
      yaml.append("  - name: ").append(metric).append("\n    aggregation: count\n    filter: {event_types: [page_view]}\n");
      if (metric.endsWith("_by_source")) {
        yaml.append("    dimensions: [source]\n");
      }
    }
    return yaml.toString();
  }

  // ---------------------------------------------------------------------------------------------

  private static List<AggregateRecord> run(List<RawEvent> events) throws Exception {
    return run(events, 2);
  }

  /**
   * Which events are late depends on the watermark each window subtask has seen when their pane
   * arrives. With several channels into it, a pane can overtake another channel's watermark, so
   * tests of lateness run at parallelism 1, where every channel is in order.
   */
  private static List<AggregateRecord> runInOrder(List<RawEvent> events) throws Exception {
    return run(events, 1);
  }

  private static List<AggregateRecord> run(List<RawEvent> events, int parallelism) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    DataStream<RawEvent> stream =
        env.fromData(events).setParallelism(1).assignTimestampsAndWatermarks(punctuated()).setParallelism(1);
    SingleOutputStreamOperator<AggregateRecord> windows = PreaggPipeline.aggregate(stream, CatalogSource.builtIn(), SETTINGS).windows();
    List<AggregateRecord> out = new ArrayList<>();
    try (CloseableIterator<AggregateRecord> results =
        windows.union(windows.getSideOutput(WindowAggregator.CORRECTIONS)).executeAndCollect()) {
      results.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * One event every 50 ms through a single-parallelism job that flushes network buffers at once, so
   * each event is through the pre-aggregation before the next one leaves the source.
   */
  private static List<AggregateRecord> runPaced(
      List<RawEvent> events, CatalogSource catalog, RewriteCatalogOnMarker onMarker) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.setBufferTimeout(0);
    List<RawEvent> copy = new ArrayList<>(events);
    DataGeneratorSource<RawEvent> source =
        new DataGeneratorSource<>(
            index -> copy.get(index.intValue()), copy.size(), RateLimiterStrategy.perSecond(20), TypeInformation.of(RawEvent.class));
    DataStream<RawEvent> stream = env.fromSource(source, punctuated(), "paced").map(onMarker);
    List<AggregateRecord> out = new ArrayList<>();
    try (CloseableIterator<AggregateRecord> results = PreaggPipeline.aggregate(stream, catalog, SETTINGS).windows().executeAndCollect()) {
      results.forEachRemaining(out::add);
    }
    return out;
  }

  /** Bounded out-of-orderness, but a watermark after every event rather than periodically. */
  private static WatermarkStrategy<RawEvent> punctuated() {
    return WatermarkStrategy.<RawEvent>forGenerator(
            ctx ->
                new WatermarkGenerator<>() {
                  private long maxSeen = Long.MIN_VALUE + OUT_OF_ORDERNESS.toMillis() + 1;

                  @Override
                  public void onEvent(RawEvent event, long timestamp, WatermarkOutput output) {
                    maxSeen = Math.max(maxSeen, timestamp);
                    output.emitWatermark(new Watermark(maxSeen - OUT_OF_ORDERNESS.toMillis() - 1));
                  }

                  @Override
                  public void onPeriodicEmit(WatermarkOutput output) {}
                })
        .withTimestampAssigner((event, previous) -> event.eventTime);
  }

  /** Emissions of one window, summed over every series of the metric, oldest version first. */
  private static List<AggregateRecord> emissions(List<AggregateRecord> out, String metric, String window, Instant start) {
    return out.stream()
        .filter(r -> r.version() > 0 && r.metric().equals(metric) && r.windowSpec().equals(window))
        .filter(r -> r.windowStart() == start.toEpochMilli())
        .sorted(Comparator.comparingLong(AggregateRecord::version))
        .toList();
  }

  private static AggregateRecord finalRow(
      List<AggregateRecord> out, String metric, String window, Instant start, Map<String, String> dims) {
    // Events that name no tenant belong to the default one, and every metric has the dimension.
    Map<String, String> withTenant = new java.util.TreeMap<>(dims);
    withTenant.putIfAbsent("tenant", dev.pulse.contract.catalog.Tenants.DEFAULT);
    List<AggregateRecord> rows =
        emissions(out, metric, window, start).stream()
            .filter(r -> r.dims().equals(withTenant))
            .collect(Collectors.toList());
    assertThat(rows).as("emissions of %s %s at %s %s", metric, window, start, dims).isNotEmpty();
    AggregateRecord last = rows.get(rows.size() - 1);
    assertThat(last.isFinal()).isTrue();
    return last;
  }

  private static double finalValue(
      List<AggregateRecord> out, String metric, String window, Instant start, Map<String, String> dims) {
    return finalRow(out, metric, window, start, dims).value();
  }
}
