package dev.pulse.api.kafka;

import dev.pulse.api.kafka.KafkaAcks.PublishFailedException;
import dev.pulse.contract.Topics;
import dev.pulse.contract.events.EventFields;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/** Hands accepted events to Kafka for events.raw, keyed by event_type. */
public class EventPublisher {
  private final Producer<String, GenericRecord> producer;

  public EventPublisher(Producer<String, GenericRecord> producer) {
    this.producer = producer;
  }

  /** @return one acknowledgement per event, to be awaited with {@link KafkaAcks} */
  public List<Future<RecordMetadata>> send(List<GenericRecord> events) throws PublishFailedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    try {
      for (GenericRecord event : events) {
        String key = event.get(EventFields.EVENT_TYPE).toString();
        acks.add(producer.send(new ProducerRecord<>(Topics.EVENTS_RAW.name(), key, event)));
      }
    } catch (KafkaException e) {
      throw PublishFailedException.of(e);
    }
    return acks;
  }
}
