package dev.pulse.scheduler.intake;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.pulse.contract.Topics;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertCodec;
import io.dropwizard.lifecycle.Managed;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the alerts topic (read_committed: only alerts the job committed) and hands each alert to
 * the ledger and a notify job. Offsets are committed after a batch is recorded, so a crash replays
 * the batch, which the ledger recognizes. Instances share partitions through the consumer group.
 *
 * <p>A batch that fails (the database or Quartz unavailable) is read again from its first record
 * after a backoff, for as long as it keeps failing: a page must not wait for someone to restart the
 * scheduler. Meanwhile {@link #problem()} says so, for the health check.
 */
public class AlertIntake implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final AlertAdmission admission;
  private final RetryPolicy<Object> retry;
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile boolean running;
  private volatile Failing failing;
  private Thread thread;

  private record Failing(Instant since, String reason) {}

  public AlertIntake(Supplier<Consumer<byte[], byte[]>> consumers, AlertAdmission admission) {
    this.consumers = consumers;
    this.admission = admission;
    this.retry = RetryPolicy.builder()
        .handle(RuntimeException.class)
        .abortOn(WakeupException.class)
        .abortIf((result, failure) -> !running)
        .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(30))
        .withMaxRetries(-1)
        .onRetry(attempt -> failed(attempt.getLastException()))
        .build();
  }

  @Override
  public void start() {
    consumer = consumers.get();
    consumer.subscribe(List.of(Topics.ALERTS.name()));
    running = true;
    thread = new Thread(this::run, "alert-intake");
    thread.start();
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.interrupt(); // ends a backoff wait
    thread.join(10_000);
  }

  /** Why the intake is not taking alerts right now, if it is not. */
  public Optional<String> problem() {
    if (!running || thread == null || !thread.isAlive()) {
      return Optional.of("the alerts consumer stopped; see the log");
    }
    Failing now = failing;
    return now == null ? Optional.empty()
        : Optional.of("recording alerts has failed since " + now.since() + ", retrying: " + now.reason());
  }

  private void run() {
    try {
      while (running) {
        Failsafe.with(retry).run(this::takeBatch);
      }
    } catch (WakeupException | FailsafeException stopping) {
      // stop() was called, during a poll or a backoff
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("Alert intake stopped; the health check reports it: {}", cause(e));
      }
    } finally {
      running = false;
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void takeBatch() {
    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
    try {
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        take(record);
      }
      if (!batch.isEmpty()) {
        consumer.commitSync();
      }
    } catch (RuntimeException e) {
      rewind(batch);
      throw e;
    }
    recovered();
  }

  /** The next poll returns the batch again; what was recorded of it is recognized then. */
  private void rewind(ConsumerRecords<byte[], byte[]> batch) {
    for (TopicPartition partition : batch.partitions()) {
      consumer.seek(partition, batch.records(partition).get(0).offset());
    }
  }

  private void take(ConsumerRecord<byte[], byte[]> record) {
    Alert alert;
    try {
      alert = AlertCodec.decode(record.value());
    } catch (UncheckedIOException e) {
      LOG.error("alerts {}-{}@{} is not an alert; skipped: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return;
    }
    admission.admit(alert);
  }

  private void failed(Throwable e) {
    String cause = cause(e);
    if (failing == null) {
      failing = new Failing(Instant.now(), cause);
      LOG.error("Recording alerts failed; retrying the batch until it succeeds: {}", cause);
    } else {
      LOG.warn("Recording alerts still fails: {}", cause);
    }
  }

  /**
   * The innermost cause only: the outer messages of a failed statement carry its bound arguments,
   * and an alert's arguments include its channels' routing keys and webhook paths, which are secrets.
   */
  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private void recovered() {
    if (failing != null) {
      LOG.info("Recording alerts works again, after failing since {}", failing.since());
      failing = null;
    }
  }
}
