package dev.pulse.api.kafka;

import dev.pulse.api.ingest.ValidEvent;
import dev.pulse.api.kafka.KafkaAcks.PublishFailedException;
import dev.pulse.contract.Topics;
import dev.pulse.contract.events.EventFields;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/** Hands accepted events to Kafka for events.raw, in the Confluent wire format, keyed by event_id. */
public class EventPublisher {
  private final Producer<String, byte[]> producer;

  public EventPublisher(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** @return one acknowledgement per event, to be awaited with {@link KafkaAcks} */
  public List<Future<RecordMetadata>> send(List<ValidEvent> events) throws PublishFailedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    try {
      for (ValidEvent event : events) {
        String key = event.record().get(EventFields.EVENT_ID).toString();
        byte[] value = AvroWireFormat.encode(event.record(), event.schemaId());
        acks.add(producer.send(new ProducerRecord<>(Topics.EVENTS_RAW.name(), key, value)));
      }
    } catch (KafkaException e) {
      throw PublishFailedException.of(e);
    }
    return acks;
  }
}
