package dev.pulse.monitor.probe;

import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every probe at a fixed rate, each on its own thread, so that one that hangs on a stopped
 * Pinot cannot hold back the Kafka lag. A probe that fails says so in
 * {@code pulse_monitor_probe_up}: a monitor that cannot see is a silent failure too.
 */
public class ProbeLoop implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeLoop.class);

  private final List<Probe> probes;
  private final Duration interval;
  private final ScheduledExecutorService executor;
  private final Gauge up;
  private final Counter failures;
  private final Gauge lastSuccess;
  private final Map<String, String> problems = new ConcurrentHashMap<>();

  public ProbeLoop(List<Probe> probes, Duration interval, PrometheusRegistry registry) {
    this.probes = List.copyOf(probes);
    this.interval = interval;
    this.executor = Executors.newScheduledThreadPool(probes.size(), runnable -> {
      Thread thread = new Thread(runnable, "probe");
      thread.setDaemon(true);
      return thread;
    });
    this.up = Gauge.builder().name("pulse_monitor_probe_up")
        .help("1 when the probe's last look succeeded").labelNames("probe").register(registry);
    this.failures = Counter.builder().name("pulse_monitor_probe_failures_total")
        .help("Looks that failed, per probe").labelNames("probe").register(registry);
    this.lastSuccess = Gauge.builder().name("pulse_monitor_probe_last_success_timestamp_seconds")
        .help("When the probe last looked successfully").labelNames("probe").register(registry);
  }

  @Override
  public void start() {
    for (Probe probe : probes) {
      up.labelValues(probe.name()).set(0);
      failures.labelValues(probe.name());
      executor.scheduleAtFixedRate(() -> look(probe), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Why a probe cannot look right now, for the health check. */
  public Optional<String> problem() {
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems.values()));
  }

  private void look(Probe probe) {
    try {
      probe.run();
      up.labelValues(probe.name()).set(1);
      lastSuccess.labelValues(probe.name()).set(System.currentTimeMillis() / 1000.0);
      if (problems.remove(probe.name()) != null) {
        LOG.info("Probe {} works again", probe.name());
      }
    } catch (Exception | LinkageError e) {
      up.labelValues(probe.name()).set(0);
      failures.labelValues(probe.name()).inc();
      String problem = probe.name() + ": " + e;
      if (!problem.equals(problems.put(probe.name(), problem))) {
        LOG.warn("Probe {} failed: {}", probe.name(), e.toString()); // each new reason once
      }
    }
  }
}
