package dev.pulse.aggregation;

import java.util.HashMap;
import java.util.Map;

/**
 * An event as the job needs it, decoded from its Avro record. A plain POJO so Flink serializes it
 * with its own serializers; property values are kept as text, and numbers are parsed where a metric
 * aggregates them.
 *
 * <p>{@code eventTime} is the record's {@code event_time} (skew-corrected at ingest), or its {@code
 * server_timestamp} when it has none.
 */
public class RawEvent implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public String eventId;
  public String eventType;
  public String source;
  public String userId;
  /** Never null: events without one belong to {@link dev.pulse.contract.catalog.Tenants#DEFAULT}. */
  public String tenant = dev.pulse.contract.catalog.Tenants.DEFAULT;
  public long eventTime;
  public Map<String, String> properties = new HashMap<>();
  /**
   * Set instead of the fields above when the record could not be decoded: the DeadLetter JSON the
   * job routes to events.dlq right after the source.
   */
  public String deadLetter;

  public RawEvent() {}

  public static RawEvent deadLetter(String deadLetterJson) {
    RawEvent event = new RawEvent();
    event.deadLetter = deadLetterJson;
    return event;
  }

  public RawEvent(
      String eventId, String eventType, String source, String userId, long eventTime, Map<String, String> properties) {
    this.eventId = eventId;
    this.eventType = eventType;
    this.source = source;
    this.userId = userId;
    this.eventTime = eventTime;
    this.properties = properties;
  }

  @Override
  public String toString() {
    return eventType + "/" + eventId + "@" + eventTime;
  }
}
