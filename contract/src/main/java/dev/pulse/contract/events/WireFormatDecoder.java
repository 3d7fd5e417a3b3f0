package dev.pulse.contract.events;

import dev.pulse.contract.dlq.ErrorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes the Confluent wire format: a zero magic byte, a 4-byte big-endian schema id, then the Avro
 * binary encoding. Anything wrong with the bytes themselves is a {@link BadRecordException}. Every
 * job that reads events.raw decodes with this one class; one instance per task (not thread-safe).
 */
public class WireFormatDecoder {
  private static final byte MAGIC = 0;
  private static final int HEADER_BYTES = 5;

  private final SchemaRegistryLookup registry;
  /** Building a reader resolves the schema; that is far too costly to do per record. */
  private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
  private BinaryDecoder decoder;

  WireFormatDecoder(SchemaRegistryLookup registry) {
    this.registry = registry;
  }

  /** A decoder that fetches writer schemas from the registry at this URL. */
  public static WireFormatDecoder forRegistry(String registryUrl) {
    return new WireFormatDecoder(new SchemaRegistryLookup(registryUrl));
  }

  /** The schema id a record's bytes name; call only on bytes that {@link #decode} accepted. */
  public static int schemaId(byte[] value) {
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }

  /**
   * The version of its subject that a schema id was registered as (1, 2, ...), or empty when the
   * registry does not list one.
   *
   * @throws java.io.UncheckedIOException if the registry cannot be asked
   */
  public java.util.Optional<Integer> subjectVersion(int schemaId) {
    return registry.versionOf(schemaId);
  }

  public GenericRecord decode(byte[] value) throws BadRecordException {
    if (value == null || value.length < HEADER_BYTES || value[0] != MAGIC) {
      throw new BadRecordException(ErrorType.UNDECODABLE, "not in the Confluent wire format (magic byte 0 + schema id)");
    }
    int schemaId = schemaId(value);
    GenericDatumReader<GenericRecord> reader = readerFor(schemaId);
    try {
      decoder = DecoderFactory.get().binaryDecoder(value, HEADER_BYTES, value.length - HEADER_BYTES, decoder);
      GenericRecord record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new BadRecordException(ErrorType.UNDECODABLE, "trailing bytes after the record of schema id " + schemaId);
      }
      return record;
    } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
      throw new BadRecordException(ErrorType.UNDECODABLE, "not a valid Avro record of schema id " + schemaId + ": " + e);
    }
  }

  private GenericDatumReader<GenericRecord> readerFor(int schemaId) throws BadRecordException {
    GenericDatumReader<GenericRecord> reader = readers.get(schemaId);
    if (reader == null) {
      Schema writer =
          registry.byId(schemaId)
              .orElseThrow(() -> new BadRecordException(ErrorType.UNKNOWN_SCHEMA_ID, "unknown schema id " + schemaId));
      reader = new GenericDatumReader<>(writer);
      readers.put(schemaId, reader);
    }
    return reader;
  }

  /** The record's bytes cannot be decoded, however often they are retried. */
  public static class BadRecordException extends Exception {
    private final ErrorType type;

    public BadRecordException(ErrorType type, String message) {
      super(message, null, false, false);
      this.type = type;
    }

    public ErrorType type() {
      return type;
    }
  }
}
