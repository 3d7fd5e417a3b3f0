package dev.pulse.monitor.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.monitor.pinot.PinotClient;
import dev.pulse.monitor.probe.FinalMinutes;
import dev.pulse.monitor.probe.Probe;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The anomaly check of the aggregates: for every additive metric of the catalog (counts and sums
 * with a 1m window), the newest final minute's value over every tenant and dimension, and its
 * z-score against the metric's own preceding minutes in Pinot ({@link Baseline}). The baseline is
 * read from what is served, not from Prometheus' memory, so a restarted monitor judges at once and a
 * late event that corrects a past minute corrects the baseline too.
 *
 * <p>The guards (enough history, some variance) are the alert rule's, so that they are tested with
 * the rule: this exports the baseline's size and spread beside the score.
 */
public class AnomalyProbe implements Probe {
  private static final String ONE_MINUTE = "1m";

  private final Supplier<MetricCatalog> catalog;
  private final PinotClient pinot;
  private final String table;
  private final Duration baselineSpan;
  private final Duration settle;
  private final Clock clock;
  private final Gauge value;
  private final Gauge zScore;
  private final Gauge mean;
  private final Gauge stddev;
  private final Gauge minutes;
  private final Gauge judgedMinute;
  private Set<String> exported = Set.of();

  public AnomalyProbe(Supplier<MetricCatalog> catalog, PinotClient pinot, String table, Duration baselineSpan,
      Duration settle, Clock clock, PrometheusRegistry registry) {
    this.catalog = catalog;
    this.pinot = pinot;
    this.table = table;
    this.baselineSpan = baselineSpan;
    this.settle = settle;
    this.clock = clock;
    this.value = gauge(registry, "pulse_metric_final_value",
        "The metric's value in its newest final minute, over every tenant and dimension");
    this.zScore = gauge(registry, "pulse_metric_zscore",
        "Standard deviations between the newest final minute and the metric's baseline (NaN without variance)");
    this.mean = gauge(registry, "pulse_metric_baseline_mean", "Mean of the metric's final minutes before the judged one");
    this.stddev = gauge(registry, "pulse_metric_baseline_stddev",
        "Sample standard deviation of the metric's final minutes before the judged one");
    this.minutes = gauge(registry, "pulse_metric_baseline_minutes",
        "Minutes in the baseline: from the metric's first minute with data in the span");
    this.judgedMinute = gauge(registry, "pulse_metric_judged_minute_timestamp_seconds",
        "Start of the newest final minute, the one judged");
  }

  private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
    return Gauge.builder().name(name).help(help).labelNames("metric").register(registry);
  }

  @Override
  public String name() {
    return "anomaly";
  }

  @Override
  public void run() throws Exception {
    List<String> metrics = additiveMetrics(catalog.get());
    long judged = FinalMinutes.lastFinal(clock.millis(), settle);
    Map<String, NavigableMap<Long, Double>> series = metrics.isEmpty() ? Map.of() : finalValues(metrics, judged);
    for (String metric : metrics) {
      NavigableMap<Long, Double> values = series.getOrDefault(metric, new TreeMap<>());
      export(metric, judged, values.getOrDefault(judged, 0.0), Baseline.before(values, judged, baselineSpan.toMillis()));
    }
    forgetRemoved(Set.copyOf(metrics));
  }

  /** Counts and sums add up over tenants and dimensions; the other aggregations do not. */
  static List<String> additiveMetrics(MetricCatalog catalog) {
    return catalog.metrics().stream()
        .filter(m -> m.aggregation() == Aggregation.COUNT || m.aggregation() == Aggregation.SUM)
        .filter(m -> m.window(ONE_MINUTE).isPresent())
        .map(MetricDefinition::name)
        .toList();
  }

  private Map<String, NavigableMap<Long, Double>> finalValues(List<String> metrics, long judged) throws Exception {
    String names = metrics.stream().map(m -> "'" + m.replace("'", "''") + "'").collect(Collectors.joining(", "));
    long from = judged - baselineSpan.toMillis();
    int rows = (int) (metrics.size() * (baselineSpan.toMillis() / FinalMinutes.MINUTE + 1));
    JsonNode answer = pinot.query("SELECT metric, window_start, SUM(value) FROM " + table
        + " WHERE window_spec = '" + ONE_MINUTE + "' AND metric IN (" + names + ")"
        + " AND window_start >= " + from + " AND window_start <= " + judged
        + " GROUP BY metric, window_start LIMIT " + rows);
    Map<String, NavigableMap<Long, Double>> series = new HashMap<>();
    for (JsonNode row : answer.path("resultTable").path("rows")) {
      series.computeIfAbsent(row.path(0).asText(), m -> new TreeMap<>()).put(row.path(1).asLong(), row.path(2).asDouble());
    }
    return series;
  }

  private void export(String metric, long judged, double current, Baseline baseline) {
    value.labelValues(metric).set(current);
    zScore.labelValues(metric).set(baseline.zScore(current));
    mean.labelValues(metric).set(baseline.mean());
    stddev.labelValues(metric).set(baseline.stddev());
    minutes.labelValues(metric).set(baseline.minutes());
    judgedMinute.labelValues(metric).set(judged / 1000.0);
  }

  /** A metric removed from the catalog stops being judged: its series end. */
  private void forgetRemoved(Set<String> current) {
    Set<String> removed = new HashSet<>(exported);
    removed.removeAll(current);
    for (String metric : removed) {
      for (Gauge gauge : List.of(value, zScore, mean, stddev, minutes, judgedMinute)) {
        gauge.remove(metric);
      }
    }
    exported = current;
  }
}
