package dev.pulse.api.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The Confluent wire format (magic byte 0, 4-byte schema id, Avro binary), written directly with
 * the id of the schema the record was built against. The Apicurio serializer re-serializes and
 * fingerprints the schema for every record to find that id, which cost half of the API's CPU at
 * load; here the id is already known. Direct producers use the Apicurio serde and produce the same
 * bytes.
 */
final class AvroWireFormat {
  private static final byte MAGIC = 0;
  private static final Map<Integer, GenericDatumWriter<GenericRecord>> WRITERS = new ConcurrentHashMap<>();
  private static final ThreadLocal<ByteArrayOutputStream> BUFFERS = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(512));
  private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

  private AvroWireFormat() {}

  static byte[] encode(GenericRecord record, int schemaId) {
    ByteArrayOutputStream out = BUFFERS.get();
    out.reset();
    out.write(MAGIC);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODERS.get());
    ENCODERS.set(encoder);
    try {
      writer(schemaId, record.getSchema()).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static GenericDatumWriter<GenericRecord> writer(int schemaId, Schema schema) {
    return WRITERS.computeIfAbsent(schemaId, id -> new GenericDatumWriter<>(schema));
  }
}
