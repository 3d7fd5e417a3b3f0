package dev.pulse.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dashboard reading one source's event count twice a second, as a client with several addresses
 * of the API does: when one instance gives no answer or an error, it asks the next. It keeps every
 * read, so that a fault's stretch of failed reads and the freshness the answers had can be told.
 */
final class ServedReads implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EVERY = Duration.ofMillis(500);

  /** @param freshnessMs the answer's freshness_ms; null for a failed read */
  record Read(long nanos, Long freshnessMs) {
    boolean ok() {
      return freshnessMs != null;
    }
  }

  private final List<URI> apis;
  private final String adminKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Read> reads = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean closed;

  ServedReads(List<URI> apis, String adminKey, String source) {
    this.apis = apis;
    this.adminKey = adminKey;
    reader = new Thread(() -> readUntilClosed(source), "served-reads");
    reader.setDaemon(true);
    reader.start();
  }

  private void readUntilClosed(String source) {
    while (!closed) {
      reads.add(new Read(System.nanoTime(), freshnessFromAny(source).orElse(null)));
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Optional<Long> freshnessFromAny(String source) {
    for (URI api : apis) {
      Optional<JsonNode> answer = eventCount(api, source);
      if (answer.isPresent()) {
        JsonNode freshness = answer.get().path("freshness_ms");
        return Optional.of(freshness.isMissingNode() || freshness.isNull() ? 0L : freshness.asLong());
      }
    }
    return Optional.empty();
  }

  /** The source's event count as the API serves it, from the first instance that answers. */
  Optional<Double> served(String source) {
    for (URI api : apis) {
      Optional<JsonNode> answer = eventCount(api, source);
      if (answer.isPresent()) {
        return Optional.of(answer.get().path("total").asDouble());
      }
    }
    return Optional.empty();
  }

  private Optional<JsonNode> eventCount(URI api, String source) {
    Instant now = Instant.now();
    String query = "window_start=" + now.minus(Duration.ofHours(3)) + "&window_end=" + now.plus(Duration.ofHours(1))
        + "&dimensions=" + URLEncoder.encode("source:" + source, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(api.resolve("/v1/metrics/event_count?" + query))
              .header("Authorization", "Bearer " + adminKey).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The reads made since {@code fromNanos}. */
  List<Read> since(long fromNanos) {
    return reads.stream().filter(r -> r.nanos() >= fromNanos).toList();
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
  }
}
