package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.pulse.api.admission.Admission;
import dev.pulse.api.pinot.PinotFactory;
import dev.pulse.contract.history.Coverage;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against an HTTP server that answers the coverage query as a Pinot broker does. */
class HistoryCoverageTest {
  private static final long DAY = 86_400_000L;

  private final AtomicReference<String> markerRows = new AtomicReference<>(marker("acme", 0, DAY, 1));
  private final AtomicInteger queries = new AtomicInteger();
  private HttpServer broker;
  private HistoryCoverage coverage;

  @BeforeEach
  void startBroker() throws IOException {
    broker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    broker.createContext("/query/sql", exchange -> {
      queries.incrementAndGet();
      byte[] body = ("{\"resultTable\":{\"rows\":[" + markerRows.get() + "]},\"exceptions\":[]}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    broker.start();
    PinotFactory pinot = new PinotFactory();
    pinot.setBrokerUrl("http://127.0.0.1:" + broker.getAddress().getPort());
    coverage = new HistoryCoverage(pinot.buildBroker(new Admission.Kinds(new PrometheusRegistry())),
        Duration.ofMillis(200));
  }

  @AfterEach
  void stopBroker() {
    broker.stop(0);
  }

  @Test
  void aRestatementReachesTheFirstReadAfterAQuietSpell() {
    assertThat(coverage.of("page_views").covering("acme", 0)).map(Coverage.Span::restatedAt).contains(1L);

    markerRows.set(marker("acme", 0, DAY, 2));
    int queriedBefore = queries.get();
    // Nobody reads meanwhile; a renewal that started after the change has answered.
    await().atMost(Duration.ofSeconds(30)).until(() -> queries.get() >= queriedBefore + 2);

    assertThat(coverage.of("page_views").covering("acme", 0)).map(Coverage.Span::restatedAt).contains(2L);
  }

  /** One marker row as the coverage query selects it: dims, window_start, window_end, emitted_at. */
  private static String marker(String tenant, long from, long to, long restatedAt) {
    return "[\"{\\\"tenant\\\":\\\"" + tenant + "\\\"}\"," + from + "," + to + "," + restatedAt + "]";
  }
}
