package dev.pulse.api.query;

import dev.pulse.api.api.MetricSeries;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * How fresh the answers are that live dashboards get: each answer's {@code freshness_ms} over a
 * range that is still open. Settled ranges are left out, since their newest row is old by nature.
 * The monitor's probe says how fresh Pinot is; this says what readers actually got, answer sharing
 * included.
 */
public class ServedFreshness {
  private final Histogram freshness;

  public ServedFreshness(PrometheusRegistry registry) {
    freshness = Histogram.builder()
        .name("pulse_served_answer_freshness_seconds")
        .help("freshness_ms of the answers to reads of open ranges, in seconds")
        .classicUpperBounds(0.5, 1, 2, 3, 5, 10, 15, 30, 60, 120, 300)
        .register(registry);
  }

  public void served(MetricSeries answer) {
    if (answer.freshnessMs() != null) {
      freshness.observe(answer.freshnessMs() / 1000.0);
    }
  }
}
