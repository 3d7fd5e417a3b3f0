package dev.pulse.api.core;

/** An event that cannot be accepted, with a reason its producer can act on. */
public class InvalidEventException extends Exception {
  public InvalidEventException(String reason) {
    super(reason, null, false, false);
  }
}
