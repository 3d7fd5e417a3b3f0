package dev.pulse.contract.archive;

import dev.pulse.contract.events.EventFields;
import java.util.Set;

/**
 * The columns every archive table has, whatever its event type: the envelope, then where the
 * record came from. The type's properties follow them, as columns of their own names.
 */
public final class ArchiveColumns {
  public static final String EVENT_ID = EventFields.EVENT_ID;
  public static final String EVENT_TYPE = EventFields.EVENT_TYPE;
  public static final String SOURCE = EventFields.SOURCE;
  public static final String USER_ID = EventFields.USER_ID;
  public static final String TENANT = EventFields.TENANT;
  public static final String SERVER_TIMESTAMP = EventFields.SERVER_TIMESTAMP;
  public static final String CLIENT_TIMESTAMP = EventFields.CLIENT_TIMESTAMP;
  /** The skew-corrected event time; server_timestamp for records of schemas that have none. */
  public static final String EVENT_TIME = EventFields.EVENT_TIME;
  public static final String EVENT_TIME_CLAMPED = EventFields.EVENT_TIME_CLAMPED;
  public static final String SENT_AT = EventFields.SENT_AT;

  /** The version of the event type's registry subject the record was written with. */
  public static final String SCHEMA_VERSION = "schema_version";
  /** The registry's global id of that schema, as the record's bytes named it. */
  public static final String SCHEMA_ID = "schema_id";
  public static final String KAFKA_PARTITION = "kafka_partition";
  public static final String KAFKA_OFFSET = "kafka_offset";
  /** When the archive job read the record. */
  public static final String INGESTED_AT = "ingested_at";

  /** No property may take one of these names: the column already means something else. */
  public static final Set<String> RESERVED =
      Set.of(
          EVENT_ID, EVENT_TYPE, SOURCE, USER_ID, TENANT, SERVER_TIMESTAMP, CLIENT_TIMESTAMP, EVENT_TIME,
          EVENT_TIME_CLAMPED, SENT_AT, SCHEMA_VERSION, SCHEMA_ID, KAFKA_PARTITION, KAFKA_OFFSET, INGESTED_AT);

  private ArchiveColumns() {}
}
