package dev.pulse.preagg;

import dev.pulse.preagg.records.RawEvent;
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

  public static RawEvent purchase(String source, Instant at, double amount) {
    return event("purchase", source, at, Map.of("amount", String.valueOf(amount), "currency", "EUR"));
  }

  public static RawEvent event(String type, String source, Instant at, Map<String, String> properties) {
    return new RawEvent(
        UUID.randomUUID().toString(), type, source, null, at.toEpochMilli(), new HashMap<>(properties));
  }
}
