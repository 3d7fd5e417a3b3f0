package dev.pulse.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A product team's producer writing page views straight to events.raw at a set rate, each with an
 * id of its own. An event the brokers did not acknowledge is sent again with the same id, as a
 * producer that must not lose events does; the acknowledged ones are what a recount expects.
 */
final class DirectLoad implements AutoCloseable {
  private final DirectProducer producer;
  private final String source;
  private final String run = Long.toString(System.nanoTime(), 36);
  private final BitSet acknowledged = new BitSet();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger failedSends = new AtomicInteger();
  private volatile boolean stopped;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();

  DirectLoad(String kafkaBootstrap, String registryUrl, String source) {
    this.producer = new DirectProducer(kafkaBootstrap, registryUrl);
    this.source = source;
  }

  /** Sends at {@code eventsPerSecond} for {@code length} or until {@link #stop()}, returning when the last is sent. */
  void run(double eventsPerSecond, Duration length) throws InterruptedException {
    stopped = false;
    long intervalNanos = (long) (1e9 / eventsPerSecond);
    long end = System.nanoTime() + length.toNanos();
    for (long due = System.nanoTime(); due < end && !stopped; due += intervalNanos) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      outstanding.incrementAndGet();
      send(next.getAndIncrement());
    }
  }

  /**
   * A send that fails, in the producer (the brokers' answer) or before it (the serializer cannot
   * reach the registry), goes again a second later.
   */
  private void send(int number) {
    try {
      producer.send(DirectProducer.pageView(eventId(number), source, Instant.now()), (metadata, error) -> {
        if (error == null) {
          synchronized (acknowledged) {
            acknowledged.set(number);
          }
          outstanding.decrementAndGet();
        } else {
          retryLater(number);
        }
      });
    } catch (RuntimeException e) {
      retryLater(number);
    }
  }

  private void retryLater(int number) {
    failedSends.incrementAndGet();
    retries.schedule(() -> send(number), 1, TimeUnit.SECONDS);
  }

  void stop() {
    stopped = true;
  }

  /** Waits until every event sent was acknowledged, or the time is up. */
  boolean awaitAllAcknowledged(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return outstanding.get() == 0;
  }

  long acknowledged() {
    synchronized (acknowledged) {
      return acknowledged.cardinality();
    }
  }

  /** Sends that failed and went out again (each counts once in the end). */
  int failedSends() {
    return failedSends.get();
  }

  Set<String> acknowledgedEventIds() {
    Set<String> ids = new HashSet<>();
    synchronized (acknowledged) {
      acknowledged.stream().forEach(number -> ids.add(eventId(number)));
    }
    return ids;
  }

  String source() {
    return source;
  }

  private String eventId(int number) {
    return "direct-" + run + "-" + number;
  }

  @Override
  public void close() {
    retries.shutdownNow();
    producer.close();
  }
}
