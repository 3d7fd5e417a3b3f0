package dev.pulse.api.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/** Waiting for Kafka's acknowledgements of records already handed to producers. */
public final class KafkaAcks {
  private KafkaAcks() {}

  public static void await(List<? extends Future<?>> acks, Duration timeout) throws PublishFailedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Future<?> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new PublishFailedException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new PublishFailedException("Kafka did not acknowledge within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted while waiting for Kafka", e);
    }
  }

  /** Kafka did not take a record: nothing of the request may be assumed written. */
  public static class PublishFailedException extends Exception {
    public PublishFailedException(String message, Throwable cause) {
      super(message, cause);
    }

    static PublishFailedException of(KafkaException e) {
      return new PublishFailedException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
