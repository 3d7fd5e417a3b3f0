package dev.pulse.api.kafka;

import dev.pulse.contract.Topics;
import dev.pulse.contract.events.EventFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes accepted events to events.raw, keyed by event_type, and returns only once Kafka has
 * acknowledged every one of them: the HTTP 200 promises durability.
 */
public class EventPublisher {
  private final Producer<String, GenericRecord> producer;
  private final Duration timeout;

  public EventPublisher(Producer<String, GenericRecord> producer, Duration timeout) {
    this.producer = producer;
    this.timeout = timeout;
  }

  public void publish(List<GenericRecord> events) throws PublishFailedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    try {
      for (GenericRecord event : events) {
        String key = event.get(EventFields.EVENT_TYPE).toString();
        acks.add(producer.send(new ProducerRecord<>(Topics.EVENTS_RAW.name(), key, event)));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (KafkaException | ExecutionException | TimeoutException e) {
      throw new PublishFailedException(describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted while waiting for Kafka", e);
    }
  }

  private static String describe(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Kafka did not acknowledge the batch in time; nothing in it may be assumed written. */
  public static class PublishFailedException extends Exception {
    PublishFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
