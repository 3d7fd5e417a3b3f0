package dev.pulse.contract.catalog;

import java.util.Set;

/** Which events a metric counts. An empty set of event types matches every event. */
public record EventFilter(Set<String> eventTypes) {
  public static final EventFilter ALL = new EventFilter(Set.of());

  public EventFilter {
    eventTypes = Set.copyOf(eventTypes);
  }

  public boolean matches(String eventType) {
    return eventTypes.isEmpty() || eventTypes.contains(eventType);
  }
}
