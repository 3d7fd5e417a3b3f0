package dev.pulse.preagg;

import dev.pulse.aggregation.RawEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Named instants and event builders for the job's tests. */
public final class Events {
  /** The start of a minute, so window boundaries in tests are easy to read. */
  public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private Events() {}

  public static RawEvent pageView(String source, Instant at) {
    return event("page_view", source, at, Map.of("page", "/home"));
  }

  public static RawEvent purchase(String source, Instant at, double amount, String currency) {
    return event("purchase", source, at, Map.of("amount", String.valueOf(amount), "currency", currency));
  }

  public static RawEvent error(String source, Instant at) {
    return event("error", source, at, Map.of("service", "checkout", "code", "E1", "message", "boom"));
  }

  public static RawEvent event(String type, String source, Instant at, Map<String, String> properties) {
    return new RawEvent(UUID.randomUUID().toString(), type, source, null, at.toEpochMilli(), new HashMap<>(properties));
  }

  /** The same event again, as a client retry would send it. */
  public static RawEvent copyOf(RawEvent event) {
    return new RawEvent(
        event.eventId, event.eventType, event.source, event.userId, event.eventTime, new HashMap<>(event.properties));
  }
}
