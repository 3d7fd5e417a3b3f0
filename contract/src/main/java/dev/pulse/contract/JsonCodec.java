package dev.pulse.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A record type as JSON bytes on a topic. Unknown fields are ignored when reading, so a writer may
 * add fields before every reader knows them.
 */
public final class JsonCodec<T> {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Class<T> type;
  private final String what;

  /** {@code what} names the type in errors, e.g. "a dead letter". */
  public JsonCodec(Class<T> type, String what) {
    this.type = type;
    this.what = what;
  }

  public byte[] encode(T value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public T decode(byte[] json) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("not " + what, e);
    }
  }
}
