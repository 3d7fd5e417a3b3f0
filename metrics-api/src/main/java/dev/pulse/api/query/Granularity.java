package dev.pulse.api.query;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The bucket sizes a read may roll stored windows up to. Buckets align to UTC. */
public final class Granularity {
  private static final Map<String, Duration> NAMED = new LinkedHashMap<>();

  static {
    NAMED.put("1m", Duration.ofMinutes(1));
    NAMED.put("5m", Duration.ofMinutes(5));
    NAMED.put("1h", Duration.ofHours(1));
    NAMED.put("1d", Duration.ofDays(1));
  }

  private Granularity() {}

  public static Optional<Duration> parse(String name) {
    return Optional.ofNullable(NAMED.get(name));
  }

  public static Iterable<String> names() {
    return NAMED.keySet();
  }

  public static String format(Duration size) {
    return NAMED.entrySet().stream()
        .filter(e -> e.getValue().equals(size))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseGet(() -> size.toSeconds() % 60 == 0 ? size.toMinutes() + "m" : size.toSeconds() + "s");
  }
}
