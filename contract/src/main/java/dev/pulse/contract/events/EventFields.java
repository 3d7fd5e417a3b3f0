package dev.pulse.contract.events;

/** Names of the envelope fields, shared by every producer and consumer of {@code events.raw}. */
public final class EventFields {
  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TYPE = "event_type";
  public static final String SOURCE = "source";
  public static final String USER_ID = "user_id";
  public static final String TENANT = "tenant";
  public static final String SERVER_TIMESTAMP = "server_timestamp";
  public static final String CLIENT_TIMESTAMP = "client_timestamp";
  public static final String EVENT_TIME = "event_time";
  public static final String SENT_AT = "sent_at";
  public static final String EVENT_TIME_CLAMPED = "event_time_clamped";
  public static final String PROPERTIES = EventSchemas.PROPERTIES_FIELD;

  private EventFields() {}

  /**
   * The time an event counts in, epoch ms: its skew-corrected {@code event_time} when its schema has
   * one (newer schemas), else {@code server_timestamp}. Every reader of events.raw buckets by this.
   *
   * @throws IllegalArgumentException when neither is a timestamp
   */
  public static long eventTimeMillis(Object eventTime, Object serverTimestamp) {
    Object time = eventTime != null ? eventTime : serverTimestamp;
    if (time instanceof java.time.Instant instant) {
      return instant.toEpochMilli();
    }
    if (time instanceof Long millis) {
      return millis;
    }
    throw new IllegalArgumentException("server_timestamp is missing or not a timestamp: " + time);
  }
}
