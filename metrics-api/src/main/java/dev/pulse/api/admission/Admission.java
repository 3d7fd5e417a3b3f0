package dev.pulse.api.admission;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most so many requests of one kind at a time; the next waits a moment for a place and is then
 * turned away. Past capacity, queueing every request makes all of them slow until callers time
 * out; turning the excess away at once keeps the requests taken fast and tells the others when to
 * come back ({@code 503} with {@code Retry-After}, see the resources).
 */
public final class Admission {
  private final String kind;
  private final int maxConcurrent;
  private final Duration maxWait;
  /**
   * A plain semaphore: Failsafe's Bulkhead (3.3.2) hands a freed permit to a waiter that has
   * already timed out, so every request turned away leaked a place until none was left.
   */
  private final Semaphore places;
  private final CounterDataPoint turnedAway;

  private Admission(String kind, int maxConcurrent, Duration maxWait, Counter turnedAway) {
    this.kind = kind;
    this.maxConcurrent = maxConcurrent;
    this.maxWait = maxWait;
    this.places = new Semaphore(maxConcurrent, true);
    this.turnedAway = turnedAway.labelValues(kind);
  }

  /** One admission per kind of request, sharing the counter of those turned away. */
  public static final class Kinds {
    private final Counter turnedAway;

    public Kinds(PrometheusRegistry registry) {
      turnedAway = Counter.builder()
          .name("pulse_api_turned_away_total")
          .help("Requests turned away with 503 because the API had its maximum of that kind in progress")
          .labelNames("kind")
          .register(registry);
    }

    public Admission of(String kind, int maxConcurrent, Duration maxWait) {
      return new Admission(kind, maxConcurrent, maxWait, turnedAway);
    }
  }

  /** A place taken; closing it frees the place. */
  public final class Place implements AutoCloseable {
    private Place() {}

    @Override
    public void close() {
      places.release();
    }
  }

  /** @throws AtCapacityException when no place came free within the wait */
  public Place enter() {
    try {
      if (places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
        return new Place();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    turnedAway.inc();
    throw new AtCapacityException(kind, maxConcurrent);
  }

  /** Too many requests of a kind in progress; the caller should come back in a second. */
  public static final class AtCapacityException extends RuntimeException {
    public static final int RETRY_AFTER_SECONDS = 1;

    AtCapacityException(String kind, int maxConcurrent) {
      super("the API has its maximum of " + maxConcurrent + " " + kind + " in progress; retry in "
          + RETRY_AFTER_SECONDS + " s");
    }
  }
}
