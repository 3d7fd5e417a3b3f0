package dev.pulse.scheduler.channels;

/**
 * How one webhook call ended. SENT and REJECTED are final: a receiver that refused the message (a
 * 4xx) will refuse it again, so it is logged and surfaced, not retried. FAILED (5xx, 429, timeout,
 * no connection after every retry) is tried again later.
 */
public record Delivery(Status status, int attempts, Integer httpStatus, String detail) {
  public enum Status { SENT, REJECTED, FAILED }

  public boolean isFinal() {
    return status != Status.FAILED;
  }
}
