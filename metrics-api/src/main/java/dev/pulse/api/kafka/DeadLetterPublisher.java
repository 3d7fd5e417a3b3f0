package dev.pulse.api.kafka;

import dev.pulse.api.kafka.KafkaAcks.PublishFailedException;
import dev.pulse.contract.Topics;
import dev.pulse.contract.dlq.DeadLetter;
import dev.pulse.contract.dlq.DeadLetterCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/** Hands rejected input to Kafka for events.dlq, keyed by event_id when there is one. */
public class DeadLetterPublisher {
  private final Producer<byte[], byte[]> producer;

  public DeadLetterPublisher(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  public List<Future<RecordMetadata>> send(List<DeadLetter> letters) throws PublishFailedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
    try {
      for (DeadLetter letter : letters) {
        byte[] key = letter.eventId() == null ? null : letter.eventId().getBytes(StandardCharsets.UTF_8);
        acks.add(producer.send(new ProducerRecord<>(Topics.EVENTS_DLQ.name(), key, DeadLetterCodec.encode(letter))));
      }
    } catch (KafkaException e) {
      throw PublishFailedException.of(e);
    }
    return acks;
  }
}
