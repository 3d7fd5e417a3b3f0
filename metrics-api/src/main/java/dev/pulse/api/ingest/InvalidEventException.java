package dev.pulse.api.ingest;

import dev.pulse.contract.dlq.ErrorType;

/** An event that cannot be accepted, with a reason its producer can act on. */
public class InvalidEventException extends Exception {
  private final ErrorType type;

  public InvalidEventException(ErrorType type, String reason) {
    super(reason, null, false, false);
    this.type = type;
  }

  public ErrorType type() {
    return type;
  }
}
