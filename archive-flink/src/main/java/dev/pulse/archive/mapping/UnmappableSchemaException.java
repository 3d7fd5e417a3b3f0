package dev.pulse.archive.mapping;

/** A writer schema whose records have no place in the archive's columns; its records go to the DLQ. */
public class UnmappableSchemaException extends Exception {
  public UnmappableSchemaException(String message) {
    super(message, null, false, false);
  }
}
