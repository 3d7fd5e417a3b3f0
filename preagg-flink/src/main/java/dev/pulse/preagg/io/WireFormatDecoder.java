package dev.pulse.preagg.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes the Confluent wire format: a zero magic byte, a 4-byte big-endian schema id, then the Avro
 * binary encoding. Anything wrong with the bytes themselves is a {@link BadRecordException}.
 */
class WireFormatDecoder {
  private static final byte MAGIC = 0;
  private static final int HEADER_BYTES = 5;

  private final SchemaRegistryLookup registry;

  WireFormatDecoder(SchemaRegistryLookup registry) {
    this.registry = registry;
  }

  GenericRecord decode(byte[] value) throws BadRecordException {
    if (value == null || value.length < HEADER_BYTES || value[0] != MAGIC) {
      throw new BadRecordException("not in the Confluent wire format (magic byte 0 + schema id)");
    }
    int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
    Schema writer =
        registry
            .byId(schemaId)
            .orElseThrow(() -> new BadRecordException("unknown schema id " + schemaId));
    try {
      BinaryDecoder decoder =
          DecoderFactory.get().binaryDecoder(value, HEADER_BYTES, value.length - HEADER_BYTES, null);
      GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null, decoder);
      if (!decoder.isEnd()) {
        throw new BadRecordException("trailing bytes after the record of schema id " + schemaId);
      }
      return record;
    } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
      throw new BadRecordException("not a valid Avro record of schema id " + schemaId + ": " + e);
    }
  }

  /** The record's bytes cannot be decoded, however often they are retried. */
  static class BadRecordException extends Exception {
    BadRecordException(String message) {
      super(message, null, false, false);
    }
  }
}
