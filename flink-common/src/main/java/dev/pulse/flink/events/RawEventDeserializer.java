package dev.pulse.flink.events;

import dev.pulse.aggregation.RawEvent;

import dev.pulse.contract.dlq.ErrorType;
import dev.pulse.contract.events.WireFormatDecoder;
import dev.pulse.contract.events.WireFormatDecoder.BadRecordException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes events.raw records into {@link RawEvent}s.
 *
 * <p>A record whose bytes cannot be decoded does not fail the job, which would only crash-loop on
 * it: it becomes a dead letter (routed to events.dlq after the source) with its original bytes, and
 * is counted in {@code undecodableEvents}. A registry that cannot be reached is different: that
 * error propagates, the job restarts from its checkpoint, and no record is skipped for it.
 */
public class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(RawEventDeserializer.class);

  private final String registryUrl;
  private transient WireFormatDecoder decoder;
  private transient EventRecordMapper mapper;
  private transient Counter undecodable;

  public RawEventDeserializer(String registryUrl) {
    this.registryUrl = registryUrl;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder = WireFormatDecoder.forRegistry(registryUrl);
    mapper = new EventRecordMapper();
    undecodable = context.getMetricGroup().counter("undecodableEvents");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
    GenericRecord event;
    try {
      event = decoder.decode(record.value());
    } catch (BadRecordException e) {
      out.collect(deadLetter(record, e.type(), e.getMessage(), null));
      return;
    }
    try {
      out.collect(mapper.toRawEvent(event));
    } catch (IllegalArgumentException e) {
      out.collect(deadLetter(record, ErrorType.UNDECODABLE, e.getMessage(), event));
    }
  }

  /** @param event the record decoded, or null when it could not be */
  private RawEvent deadLetter(ConsumerRecord<byte[], byte[]> record, ErrorType type, String reason, GenericRecord event) {
    undecodable.inc();
    LOG.warn("Record {}-{}@{} goes to the DLQ: {}", record.topic(), record.partition(), record.offset(), reason);
    return RawEvent.deadLetter(KafkaDeadLetters.of(record, type, reason, event));
  }

  @Override
  public TypeInformation<RawEvent> getProducedType() {
    return TypeInformation.of(RawEvent.class);
  }
}
