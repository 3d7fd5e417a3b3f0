package dev.pulse.ops;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A metric of its own for the z-score check (added to the live catalog: a count of page views of
 * one page), forty minutes of history posted as late events (90 to 110 a minute), then a live load
 * of 100 events a minute from the {@link #usual()} minute on, tenfold in the {@link #spike()}
 * minute after it, and back to 100. Used by PipelineAlertsIT and the monitoring benchmark.
 */
final class MetricSpikeScenario implements AutoCloseable {
  private static final int HISTORY_MINUTES = 40;

  private final PulseApi api;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String metric = "zscore_" + id;
  private final String page = "/zscore-" + id;
  private final String source = "zscore-" + id;
  private final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
  private Instant usual;

  MetricSpikeScenario(LocalStack stack, PulseApi api) throws IOException {
    this.api = api;
    Files.writeString(stack.catalogFile(), "\n  - name: " + metric + "\n    aggregation: count\n"
        + "    filter: {event_types: [page_view], properties: {page: ['" + page + "']}}\n    dimensions: [source]\n",
        StandardOpenOption.APPEND);
    awaitCounted();
  }

  String metric() {
    return metric;
  }

  /** The first live minute, at the usual rate; set by {@link #begin()}. */
  Instant usual() {
    return usual;
  }

  Instant spike() {
    return usual.plus(1, ChronoUnit.MINUTES);
  }

  /** Posts the history, starts the live load, and waits until the history is counted. */
  void begin() {
    usual = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    double before = total();
    long history = postHistory();
    Instant spike = spike();
    // Four posts a minute from 5 s into the usual minute: 100 events a minute, 1000 in the spike.
    load.scheduleAtFixedRate(() -> {
      boolean spiking = Instant.now().truncatedTo(ChronoUnit.MINUTES).equals(spike);
      post(spiking ? 250 : 25, null);
    }, Duration.between(Instant.now(), usual.plusSeconds(5)).toMillis(), 15_000, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(this::total, total -> total >= before + history);
  }

  /** Probes with events of an old minute (outside the baseline) until the new metric counts them. */
  private void awaitCounted() {
    Instant old = Instant.now().minus(100, ChronoUnit.MINUTES);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
      post(1, old);
      Thread.sleep(5_000);
      return total() > 0;
    });
  }

  private long postHistory() {
    long posted = 0;
    for (int minute = HISTORY_MINUTES; minute >= 1; minute--) {
      int count = 100 + (minute * 7) % 21 - 10;
      Instant at = usual.minus(minute, ChronoUnit.MINUTES).plusSeconds(1);
      await().until(() -> Instant.now().isAfter(at));
      post(count, at);
      posted += count;
    }
    return posted;
  }

  /** A batch of page views of the scenario's page, happening at {@code at} (now when null). */
  private void post(int count, Instant at) {
    ObjectNode batch = PulseApi.JSON.createObjectNode();
    ArrayNode events = batch.putArray("events");
    for (int i = 0; i < count; i++) {
      ObjectNode event = PulseApi.pageView(source, page);
      if (at != null) {
        event.put("client_timestamp", at.toEpochMilli());
      }
      events.add(event);
    }
    if (at != null) {
      batch.put("sent_at", Instant.now().toEpochMilli());
    }
    try {
      HttpResponse<String> answer =
          api.send("POST", "/v1/events", batch.toString(), "application/json", api.producerKey(source));
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("the scenario's events were refused: " + answer.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private double total() {
    try {
      return api.total(metric, "source:" + source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    load.shutdownNow();
  }
}
