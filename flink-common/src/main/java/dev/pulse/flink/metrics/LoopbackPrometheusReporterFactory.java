package dev.pulse.flink.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter, served on one host and port. Flink 2.0's own reporter binds every
 * interface (it takes a port, never a host), and the stack binds only to loopback; this keeps its
 * mapping of Flink metrics to Prometheus families and serves them where {@code host} says.
 *
 * <p>Configured like Flink's: {@code metrics.reporter.prom.factory.class} names this class, with
 * {@code metrics.reporter.prom.host} and {@code metrics.reporter.prom.port}. On a Flink cluster use
 * Flink's own factory from its plugins directory instead; cluster reporters are not job settings.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
  static final String HOST = "host";
  static final String PORT = "port";

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    MetricConfig config = (MetricConfig) properties;
    InetSocketAddress address =
        new InetSocketAddress(config.getString(HOST, "127.0.0.1"), config.getInteger(PORT, 9249));
    return new Reporter(address);
  }

  static final class Reporter extends AbstractPrometheusReporter {
    private final HTTPServer server;

    Reporter(InetSocketAddress address) {
      try {
        server = new HTTPServer(address, registryOf(this), true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot serve Flink metrics on " + address, e);
      }
      log.info("Serving Flink metrics in Prometheus format on http://{}:{}/metrics", address.getHostString(),
          server.getPort());
    }

    int port() {
      return server.getPort();
    }

    @Override
    public void close() {
      server.stop();
      super.close();
    }

    /** The reporter keeps its registry package-private (flink-metrics-prometheus 2.0.0, pinned). */
    private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
      try {
        Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
        field.setAccessible(true);
        return (CollectorRegistry) field.get(reporter);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("flink-metrics-prometheus changed: no registry field to serve", e);
      }
    }
  }
}
