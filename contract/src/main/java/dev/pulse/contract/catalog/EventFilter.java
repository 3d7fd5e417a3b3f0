package dev.pulse.contract.catalog;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which events a metric counts: by event type (none listed: every type), and by property values
 * (each listed property must hold one of its listed values).
 */
public record EventFilter(Set<String> eventTypes, Map<String, Set<String>> properties) {
  public static final EventFilter ALL = new EventFilter(Set.of(), Map.of());

  public EventFilter {
    eventTypes = Set.copyOf(eventTypes);
    properties =
        properties.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
  }

  public boolean matchesType(String eventType) {
    return eventTypes.isEmpty() || eventTypes.contains(eventType);
  }

  /** @param property an event's property values by name, as strings; null when absent */
  public boolean matches(String eventType, Function<String, String> property) {
    if (!matchesType(eventType)) {
      return false;
    }
    for (Map.Entry<String, Set<String>> predicate : properties.entrySet()) {
      String value = property.apply(predicate.getKey());
      if (value == null || !predicate.getValue().contains(value)) {
        return false;
      }
    }
    return true;
  }
}
