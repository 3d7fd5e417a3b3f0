package dev.pulse.ops.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Producers of page views over HTTP that behave like a well-written client SDK: batches are made at
 * a set rate whatever the answers and queue in the client; a fixed number of connections send
 * them. A 429 or 503 goes back to the queue after its Retry-After, no answer after an exponential
 * backoff, each wait with some jitter, each retry with the same body, whose own event ids make it
 * count once. It keeps what a recount needs (the batches acknowledged), and per phase the answers
 * it got and the longest stretch during which no batch was acknowledged.
 */
public final class SpikeLoad implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final List<URI> events;
  private final String key;
  private final String source;
  private final int batchSize;
  private final String run = Long.toString(System.nanoTime(), 36);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
  private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
  private final List<Thread> connections = new ArrayList<>();
  private final AtomicInteger nextBatch = new AtomicInteger();
  private final BitSet accepted = new BitSet();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicLong lastAcceptedNanos = new AtomicLong(System.nanoTime());
  private volatile Phase phase;
  private volatile boolean closed;
  private volatile boolean stopped;

  private record Batch(int number, String body, int attempt) {}

  /** What one phase of the load got back. */
  public static final class Phase {
    public final String name;
    public final double eventsPerSecond;
    public final Duration length;
    final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    final AtomicLong longestGapNanos = new AtomicLong();
    volatile int queuedAtEnd;

    Phase(String name, double eventsPerSecond, Duration length) {
      this.name = name;
      this.eventsPerSecond = eventsPerSecond;
      this.length = length;
    }

    void answered(String status) {
      answers.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    /** The longest time, in seconds, during which no batch was acknowledged. */
    public double longestSecondsWithoutAcceptance() {
      return longestGapNanos.get() / 1e9;
    }

    /** Batches waiting in the client when the phase ended. */
    public int queuedAtEnd() {
      return queuedAtEnd;
    }

    public Map<String, Long> answerCounts() {
      Map<String, Long> counts = new TreeMap<>();
      answers.forEach((status, count) -> counts.put(status, count.get()));
      return counts;
    }
  }

  public SpikeLoad(URI api, String key, String source, int batchSize, int connections) {
    this(List.of(api), key, source, batchSize, connections);
  }

  /**
   * @param apis the API's instances: batches go to each in turn, and a batch that got no answer is
   *     retried on the next, as a client with several addresses does
   */
  public SpikeLoad(List<URI> apis, String key, String source, int batchSize, int connections) {
    this.events = apis.stream().map(api -> api.resolve("/v1/events")).toList();
    this.key = key;
    this.source = source;
    this.batchSize = batchSize;
    for (int i = 0; i < connections; i++) {
      Thread connection = new Thread(this::sendQueued, "spike-connection-" + i);
      connection.setDaemon(true);
      connection.start();
      this.connections.add(connection);
    }
  }

  /**
   * Makes batches at {@code eventsPerSecond} for {@code length} or until {@link #stop()}, returning
   * when the last is queued.
   */
  public Phase run(String name, double eventsPerSecond, Duration length) throws InterruptedException {
    Phase current = new Phase(name, eventsPerSecond, length);
    phase = current;
    stopped = false;
    // A phase's stretches start with it: the pause before it (a recount, say) is not one.
    lastAcceptedNanos.set(System.nanoTime());
    long intervalNanos = (long) (1e9 * batchSize / eventsPerSecond);
    long start = System.nanoTime();
    long end = start + length.toNanos();
    for (long due = start; due < end && !stopped; due += intervalNanos) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int batch = nextBatch.getAndIncrement();
      outstanding.incrementAndGet();
      queue.add(new Batch(batch, body(batch), 0));
    }
    current.queuedAtEnd = queue.size();
    return current;
  }

  /** Ends the phase that runs now: no batch is made after it (those made are still sent). */
  public void stop() {
    stopped = true;
  }

  /** Waits until every batch made was acknowledged (after its retries), or the time is up. */
  public boolean awaitAllAccepted(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return outstanding.get() == 0;
  }

  /**
   * Polls until no batch waits in the client and none is out for a retry, returning how long that
   * took, or empty if it did not happen within {@code within}.
   */
  public java.util.Optional<Duration> timeToEmptyQueue(Duration within) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (queue.isEmpty() && outstanding.get() <= connections.size()) {
        return java.util.Optional.of(Duration.ofNanos(System.nanoTime() - start));
      }
      Thread.sleep(100);
    }
    return java.util.Optional.empty();
  }

  public long eventsAccepted() {
    synchronized (accepted) {
      return (long) accepted.cardinality() * batchSize;
    }
  }

  private void sendQueued() {
    while (!closed) {
      try {
        send(queue.take());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void send(Batch batch) {
    Phase sentIn = phase;
    HttpRequest request = HttpRequest.newBuilder(events.get((batch.number() + batch.attempt()) % events.size()))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key)
        .timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(batch.body()))
        .build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      sentIn.answered("no answer (" + e.getClass().getSimpleName() + ")");
      retry(batch, backoffMillis(batch.attempt()));
      return;
    }
    int status = response.statusCode();
    sentIn.answered(status + (response.headers().firstValue("Retry-After").isPresent() ? " + Retry-After" : ""));
    if (status == 200) {
      accept(batch.number(), sentIn);
    } else if (status == 429 || status == 503) {
      long after = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
      retry(batch, Math.max(after * 1000, backoffMillis(batch.attempt())));
    } else {
      outstanding.decrementAndGet(); // a 4xx or 5xx other than those: not retried, and it fails the run
    }
  }

  /** Spread over a fifth more than the wait, so that batches turned away together do not all come back together. */
  private void retry(Batch batch, long waitMillis) {
    long jittered = waitMillis + ThreadLocalRandom.current().nextLong(waitMillis / 5 + 1);
    Batch again = new Batch(batch.number(), batch.body(), batch.attempt() + 1);
    retries.schedule(() -> queue.add(again), jittered, TimeUnit.MILLISECONDS);
  }

  /** Exponential: 0.5 s, 1 s, 2 s, ... up to 8 s. */
  private static long backoffMillis(int attempt) {
    return Math.min(8_000, 500L << Math.min(attempt, 4));
  }

  private void accept(int batch, Phase in) {
    boolean first;
    synchronized (accepted) {
      first = !accepted.get(batch);
      accepted.set(batch);
    }
    long now = System.nanoTime();
    long gap = now - lastAcceptedNanos.getAndSet(now);
    in.longestGapNanos.accumulateAndGet(gap, Math::max);
    if (first) {
      outstanding.decrementAndGet();
    }
  }

  public String source() {
    return source;
  }

  /** The ids of every event in an acknowledged batch. */
  public java.util.Set<String> acceptedEventIds() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    synchronized (accepted) {
      accepted.stream().forEach(batch -> {
        for (int i = 0; i < batchSize; i++) {
          ids.add(eventId(batch, i));
        }
      });
    }
    return ids;
  }

  private String eventId(int batch, int i) {
    return "spike-" + run + "-" + batch + "-" + i;
  }

  /** Page views with ids of their own, so that a retried batch counts once. */
  private String body(int batch) {
    StringBuilder events = new StringBuilder(batchSize * 120);
    for (int i = 0; i < batchSize; i++) {
      events.append(i == 0 ? "" : ",")
          .append("{\"event_type\":\"page_view\",\"event_id\":\"").append(eventId(batch, i))
          .append("\",\"source\":\"").append(source)
          .append("\",\"user_id\":\"user-").append(i % 97)
          .append("\",\"properties\":{\"page\":\"/spike/").append(i % 20).append("\"}}");
    }
    return "{\"events\":[" + events + "]}";
  }

  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    connections.forEach(Thread::interrupt);
  }
}
