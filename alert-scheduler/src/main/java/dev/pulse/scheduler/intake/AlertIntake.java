package dev.pulse.scheduler.intake;

import dev.pulse.contract.Topics;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertCodec;
import dev.pulse.scheduler.jobs.JobScheduling;
import dev.pulse.scheduler.store.AlertLedger;
import io.dropwizard.lifecycle.Managed;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the alerts topic (read_committed: only alerts the job committed) and hands each alert to
 * the ledger and a notify job. Offsets are committed after a batch is recorded, so a crash replays
 * the batch, which the ledger recognizes. Instances share partitions through the consumer group.
 */
public class AlertIntake implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final AlertLedger ledger;
  private final JobScheduling jobs;
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile boolean running;
  private Thread thread;

  public AlertIntake(Supplier<Consumer<byte[], byte[]>> consumers, AlertLedger ledger, JobScheduling jobs) {
    this.consumers = consumers;
    this.ledger = ledger;
    this.jobs = jobs;
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
    thread.join(10_000);
  }

  public boolean isRunning() {
    return running && thread != null && thread.isAlive();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          take(record);
        }
        if (!batch.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException stopping) {
      // stop() was called
    } catch (RuntimeException e) {
      LOG.error("Alert intake stopped; the health check reports it", e);
    } finally {
      running = false;
      consumer.close(Duration.ofSeconds(5));
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
    long groupId = ledger.receive(alert);
    try {
      jobs.notifyNow(groupId, alert.id());
    } catch (org.quartz.SchedulerException e) {
      throw new IllegalStateException("cannot schedule the notification of alert " + alert.id(), e);
    }
  }
}
