package dev.pulse.contract.aggregate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The wire format of {@code metrics.agg}: UTF-8 primary key as the key, JSON as the value. */
public final class AggregateCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AggregateCodec() {}

  public static byte[] key(AggregateRecord record) {
    return record.primaryKey().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] value(AggregateRecord record) {
    try {
      return JSON.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode aggregate " + record.primaryKey(), e);
    }
  }

  public static AggregateRecord decode(byte[] value) {
    try {
      return JSON.readValue(value, AggregateRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not an aggregate record", e);
    }
  }
}
