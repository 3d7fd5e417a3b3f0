package dev.pulse.monitor.freshness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.monitor.pinot.PinotClient;
import dev.pulse.monitor.probe.Probe;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * How old the newest served row is: now minus the newest {@code emitted_at} that Pinot serves,
 * the same clock as an answer's {@code freshness_ms}. Probed every interval, so the figure is right
 * when nobody reads. When Pinot cannot be asked, the age keeps growing from the newest row seen:
 * nothing newer is being served.
 */
public class FreshnessProbe implements Probe {
  /** Rows older than this are not looked at: late rows for old windows are never the newest. */
  private static final Duration LOOK_BACK = Duration.ofHours(3);

  private final PinotClient pinot;
  private final String table;
  private final Clock clock;
  private final Gauge age;
  private final Gauge newest;
  private volatile long newestEmission = -1;

  public FreshnessProbe(PinotClient pinot, String table, Clock clock, PrometheusRegistry registry) {
    this.pinot = pinot;
    this.table = table;
    this.clock = clock;
    this.age = Gauge.builder().name("pulse_served_window_age_seconds")
        .help("Now minus the newest emitted_at that Pinot serves (the freshness of an answer right now)")
        .labelNames("table").register(registry);
    this.newest = Gauge.builder().name("pulse_served_newest_emission_timestamp_seconds")
        .help("The newest emitted_at that Pinot serves").labelNames("table").register(registry);
    age.labelValues(table).set(Double.NaN);
  }

  @Override
  public String name() {
    return "freshness";
  }

  @Override
  public void run() throws IOException, InterruptedException {
    try {
      long since = clock.millis() - LOOK_BACK.toMillis();
      JsonNode answer = pinot.query("SELECT MAX(emitted_at) FROM " + table + " WHERE window_start >= " + since);
      double value = answer.path("resultTable").path("rows").path(0).path(0).asDouble(Double.NaN);
      if (Double.isFinite(value) && value > 0) {
        newestEmission = (long) value;
        newest.labelValues(table).set(newestEmission / 1000.0);
      }
    } finally {
      if (newestEmission > 0) {
        age.labelValues(table).set(Math.max(0, clock.millis() - newestEmission) / 1000.0);
      }
    }
  }
}
