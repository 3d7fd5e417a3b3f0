package dev.pulse.api.ingest;

import dev.pulse.contract.dlq.ErrorType;
import java.time.Duration;

/**
 * The time an event happened, corrected for the client's clock, as analytics SDKs do it: the
 * client's own clock is trusted only for the distance between the event and the send, which the
 * server's clock then anchors: {@code server_timestamp - (sent_at - client_timestamp)}.
 */
final class EventTime {
  /** @param clamped the corrected time lay too far in the future and was replaced */
  record Result(long eventTime, boolean clamped) {}

  private EventTime() {}

  static Result of(long serverTimestamp, Long sentAt, Long clientTimestamp, IngestLimits limits)
      throws InvalidEventException {
    if (sentAt == null || clientTimestamp == null) {
      return new Result(serverTimestamp, false);
    }
    long corrected = serverTimestamp - (sentAt - clientTimestamp);
    if (corrected > serverTimestamp + limits.futureTolerance().toMillis()) {
      return new Result(serverTimestamp, true);
    }
    if (corrected < serverTimestamp - limits.maxEventAge().toMillis()) {
      throw new InvalidEventException(
          ErrorType.EVENT_TOO_OLD,
          "the event happened " + Duration.ofMillis(serverTimestamp - corrected).toHours()
              + " h ago (client_timestamp " + clientTimestamp + ", sent_at " + sentAt
              + "); events older than " + limits.maxEventAge().toDays() + " days are not accepted");
    }
    return new Result(corrected, false);
  }
}
