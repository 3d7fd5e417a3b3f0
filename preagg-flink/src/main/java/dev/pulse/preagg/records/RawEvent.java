package dev.pulse.preagg.records;

import java.util.HashMap;
import java.util.Map;

/**
 * An event as the job needs it, decoded from its Avro record. A plain POJO so Flink serializes it
 * with its POJO serializer; property values are kept as strings because they only feed dimensions.
 */
public class RawEvent {
  public String eventId;
  public String eventType;
  public String source;
  public String userId;
  public long serverTimestamp;
  public Map<String, String> properties = new HashMap<>();

  public RawEvent() {}

  public RawEvent(
      String eventId,
      String eventType,
      String source,
      String userId,
      long serverTimestamp,
      Map<String, String> properties) {
    this.eventId = eventId;
    this.eventType = eventType;
    this.source = source;
    this.userId = userId;
    this.serverTimestamp = serverTimestamp;
    this.properties = properties;
  }

  @Override
  public String toString() {
    return eventType + "/" + eventId + "@" + serverTimestamp;
  }
}
