package dev.pulse.contract.aggregate;

import dev.pulse.contract.JsonCodec;
import java.nio.charset.StandardCharsets;

/** The wire format of {@code metrics.agg}: UTF-8 primary key as the key, JSON as the value. */
public final class AggregateCodec {
  private static final JsonCodec<AggregateRecord> CODEC = new JsonCodec<>(AggregateRecord.class, "an aggregate record");

  private AggregateCodec() {}

  public static byte[] key(AggregateRecord record) {
    return record.primaryKey().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] value(AggregateRecord record) {
    return CODEC.encode(record);
  }

  public static AggregateRecord decode(byte[] value) {
    return CODEC.decode(value);
  }
}
