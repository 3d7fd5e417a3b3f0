package dev.pulse.contract.dlq;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The wire format of {@code events.dlq}: JSON values, keyed by event_id when there is one. */
public final class DeadLetterCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private DeadLetterCodec() {}

  public static byte[] encode(DeadLetter letter) {
    try {
      return JSON.writeValueAsBytes(letter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DeadLetter decode(byte[] value) {
    try {
      return JSON.readValue(value, DeadLetter.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a dead letter", e);
    }
  }
}
