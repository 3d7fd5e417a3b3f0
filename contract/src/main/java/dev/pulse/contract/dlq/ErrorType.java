package dev.pulse.contract.dlq;

import java.util.Locale;

/** Why an input ended in the dead-letter queue; the DLQ tools count and replay by it. */
public enum ErrorType {
  /** The body, or one line of an NDJSON body, is not JSON. */
  MALFORMED_JSON,
  /** No schema is registered for the event's event_type. */
  UNKNOWN_EVENT_TYPE,
  /** A required field is absent. */
  MISSING_FIELD,
  /** A field has the wrong JSON type. */
  WRONG_TYPE,
  /** A field the schema does not have, such as a misspelt property. */
  UNKNOWN_FIELD,
  /** A field's value is not acceptable (an unparseable timestamp, an over-long id). */
  INVALID_VALUE,
  /** The event is larger than the configured limit. */
  OVERSIZE_EVENT,
  /** The event happened longer ago than the configured maximum age. */
  EVENT_TOO_OLD,
  /** The event claims a source its API key may not write. */
  SOURCE_NOT_ALLOWED,
  /** A record in events.raw is not in the Confluent wire format, or not valid Avro. */
  UNDECODABLE,
  /** A record in events.raw names a schema id the registry does not have. */
  UNKNOWN_SCHEMA_ID,
  /** The pre-aggregation job failed on the event. */
  PROCESSING_FAILED,
  /**
   * The archive cannot write the record: its schema does not map onto the archive table's columns
   * (a property named like an envelope column, a type Iceberg has no column for).
   */
  UNARCHIVABLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
