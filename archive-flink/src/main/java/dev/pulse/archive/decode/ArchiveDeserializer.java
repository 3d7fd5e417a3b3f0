package dev.pulse.archive.decode;

import dev.pulse.archive.iceberg.IcebergSettings;
import dev.pulse.archive.mapping.ArchiveRowMapper;
import dev.pulse.archive.mapping.ArchiveRowMapper.RecordOrigin;
import dev.pulse.archive.mapping.UnmappableSchemaException;
import dev.pulse.contract.dlq.ErrorType;
import dev.pulse.flink.events.KafkaDeadLetters;
import dev.pulse.contract.events.WireFormatDecoder;
import dev.pulse.contract.events.WireFormatDecoder.BadRecordException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.flink.sink.dynamic.DynamicRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes an events.raw record with the registry, as every job does, and makes it a row of its
 * event type's table, carrying the Iceberg schema of the record's own writer schema: the sink adds
 * the columns a newer version brings, and creates the table of a new event type.
 *
 * <p>A record that cannot be archived (bytes that do not decode, a schema that does not map) becomes
 * a dead letter with its bytes and reason. A registry that cannot be asked fails the job instead,
 * which restarts from its checkpoint: the record is not skipped for that.
 */
public class ArchiveDeserializer implements KafkaRecordDeserializationSchema<ArchiveRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveDeserializer.class);
  private static final String NOT_ARCHIVED = "not archived: ";

  private final String registryUrl;
  private final IcebergSettings iceberg;
  private final int writeParallelism;
  private final DistributionMode distribution;
  private transient WireFormatDecoder decoder;
  private transient Map<Integer, ArchiveRowMapper> mappers;
  private transient Map<Integer, String> unmappable;
  private transient Counter rejected;

  public ArchiveDeserializer(
      String registryUrl, IcebergSettings iceberg, int writeParallelism, DistributionMode distribution) {
    this.registryUrl = registryUrl;
    this.iceberg = iceberg;
    this.writeParallelism = writeParallelism;
    this.distribution = distribution;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder = WireFormatDecoder.forRegistry(registryUrl);
    mappers = new HashMap<>();
    unmappable = new HashMap<>();
    rejected = context.getMetricGroup().counter("unarchivableEvents");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ArchiveRecord> out) {
    GenericRecord event;
    try {
      event = decoder.decode(record.value());
    } catch (BadRecordException e) {
      out.collect(deadLetter(record, e.type(), e.getMessage(), null));
      return;
    }
    int schemaId = WireFormatDecoder.schemaId(record.value());
    ArchiveRowMapper mapper = mappers.get(schemaId);
    if (mapper == null) {
      String reason = unmappable.get(schemaId);
      if (reason == null) {
        try {
          mapper = ArchiveRowMapper.forSchema(event.getSchema());
          mappers.put(schemaId, mapper);
        } catch (UnmappableSchemaException e) {
          reason = "schema id " + schemaId + " (" + event.getSchema().getFullName() + "): " + e.getMessage();
          unmappable.put(schemaId, reason);
        }
      }
      if (reason != null) {
        out.collect(deadLetter(record, ErrorType.UNARCHIVABLE, reason, event));
        return;
      }
    }
    out.collect(ArchiveRecord.row(toDynamicRecord(mapper, event, record, schemaId)));
  }

  private DynamicRecord toDynamicRecord(
      ArchiveRowMapper mapper, GenericRecord event, ConsumerRecord<byte[], byte[]> record, int schemaId) {
    RecordOrigin origin =
        new RecordOrigin(
            record.partition(), record.offset(), schemaId, decoder.subjectVersion(schemaId).orElse(null),
            System.currentTimeMillis());
    return new DynamicRecord(
        iceberg.tableOf(mapper.eventType()), SnapshotRef.MAIN_BRANCH, mapper.schema(), mapper.toRow(event, origin), mapper.spec(),
        distribution, writeParallelism);
  }

  /** @param event the record decoded, or null when it could not be */
  private ArchiveRecord deadLetter(ConsumerRecord<byte[], byte[]> record, ErrorType type, String reason, GenericRecord event) {
    rejected.inc();
    LOG.warn("Record {}-{}@{} goes to the DLQ: {}", record.topic(), record.partition(), record.offset(), reason);
    return ArchiveRecord.deadLetter(KafkaDeadLetters.of(record, type, NOT_ARCHIVED + reason, event));
  }

  @Override
  public TypeInformation<ArchiveRecord> getProducedType() {
    return TypeInformation.of(ArchiveRecord.class);
  }
}
