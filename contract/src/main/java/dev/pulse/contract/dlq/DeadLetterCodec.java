package dev.pulse.contract.dlq;

import dev.pulse.contract.JsonCodec;

/** The wire format of {@code events.dlq}: JSON values, keyed by event_id when there is one. */
public final class DeadLetterCodec {
  private static final JsonCodec<DeadLetter> CODEC = new JsonCodec<>(DeadLetter.class, "a dead letter");

  private DeadLetterCodec() {}

  public static byte[] encode(DeadLetter letter) {
    return CODEC.encode(letter);
  }

  public static DeadLetter decode(byte[] value) {
    return CODEC.decode(value);
  }
}
