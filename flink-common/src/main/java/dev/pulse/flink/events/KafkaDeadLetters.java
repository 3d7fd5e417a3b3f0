package dev.pulse.flink.events;

import dev.pulse.contract.dlq.DeadLetter;
import dev.pulse.contract.dlq.DeadLetterCodec;
import dev.pulse.contract.dlq.ErrorType;
import dev.pulse.contract.events.EventFields;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The DLQ entry for a Kafka record that a job cannot use: its original bytes (base64), where it was
 * (topic, partition and offset) and why. Every job that reads events.raw writes its dead letters so.
 *
 * <p>The event's type and id come from the record itself when it could be decoded, never from the
 * Kafka key: the API keys by event_id, and a direct producer may key by anything.
 */
public final class KafkaDeadLetters {
  private KafkaDeadLetters() {}

  /** DeadLetter JSON, as events.dlq holds it, for a record that could not be decoded. */
  public static String of(ConsumerRecord<byte[], byte[]> record, ErrorType type, String reason) {
    return of(record, type, reason, null);
  }

  /**
   * DeadLetter JSON for a record that decoded to {@code event} but cannot be used: the letter names
   * the event's type and id, so that a replay keeps the id and dedup counts it once.
   */
  public static String of(ConsumerRecord<byte[], byte[]> record, ErrorType type, String reason, GenericRecord event) {
    DeadLetter letter =
        new DeadLetter(
            type.label(), reason, record.topic(), System.currentTimeMillis(), null, null,
            record.topic() + "-" + record.partition() + "@" + record.offset(),
            field(event, EventFields.EVENT_ID), field(event, EventFields.EVENT_TYPE), null, null, record.timestamp(),
            record.value() == null ? "" : Base64.getEncoder().encodeToString(record.value()), DeadLetter.BASE64);
    return new String(DeadLetterCodec.encode(letter), StandardCharsets.UTF_8);
  }

  private static String field(GenericRecord event, String name) {
    if (event == null || event.getSchema().getField(name) == null) {
      return null;
    }
    Object value = event.get(name);
    return value == null ? null : value.toString();
  }
}
