package dev.pulse.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.metrics.MetricConfig;
import org.junit.jupiter.api.Test;

class LoopbackPrometheusReporterFactoryTest {
  @Test
  void servesTheRegistryInPrometheusFormatOnTheConfiguredHost() throws Exception {
    MetricConfig config = new MetricConfig();
    config.setProperty(LoopbackPrometheusReporterFactory.HOST, "127.0.0.1");
    config.setProperty(LoopbackPrometheusReporterFactory.PORT, "0");
    var reporter = (LoopbackPrometheusReporterFactory.Reporter)
        new LoopbackPrometheusReporterFactory().createMetricReporter(config);
    try {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + reporter.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    } finally {
      reporter.close();
    }
  }
}
