package dev.pulse.flink.events;

import dev.pulse.contract.dlq.DeadLetter;
import dev.pulse.contract.dlq.DeadLetterCodec;
import dev.pulse.contract.dlq.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The DLQ entry for a Kafka record that a job cannot use: its original bytes (base64), where it was
 * (topic, partition and offset) and why. Every job that reads events.raw writes its dead letters so.
 */
public final class KafkaDeadLetters {
  private KafkaDeadLetters() {}

  /** DeadLetter JSON, as events.dlq holds it. */
  public static String of(ConsumerRecord<byte[], byte[]> record, ErrorType type, String reason) {
    DeadLetter letter =
        new DeadLetter(
            type.label(), reason, record.topic(), System.currentTimeMillis(), null, null,
            record.topic() + "-" + record.partition() + "@" + record.offset(), null,
            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), null, null, record.timestamp(),
            record.value() == null ? "" : Base64.getEncoder().encodeToString(record.value()), DeadLetter.BASE64);
    return new String(DeadLetterCodec.encode(letter), StandardCharsets.UTF_8);
  }
}
