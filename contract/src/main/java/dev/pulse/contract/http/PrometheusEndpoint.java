package dev.pulse.contract.http;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.Servlet;

/**
 * A service's metrics in Prometheus' text format: its Dropwizard metrics (requests, Jetty, pools),
 * the JVM's, and the service's own labelled counters registered in {@link #registry()}. Both
 * Dropwizard services serve it on their admin port at {@code /prometheus}.
 */
public final class PrometheusEndpoint {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  public PrometheusEndpoint(MetricRegistry dropwizard) {
    DropwizardExports.builder().dropwizardRegistry(dropwizard).register(registry);
    JvmMetrics.builder().register(registry);
  }

  /** Where the service registers its own metrics. */
  public PrometheusRegistry registry() {
    return registry;
  }

  public Servlet servlet() {
    return new PrometheusMetricsServlet(registry);
  }
}
