package dev.pulse.flink.config;

import java.util.HashMap;
import java.util.Map;

/** The {@code flink:} section of a job's YAML: plain Flink options. */
public final class FlinkOptions {
  private FlinkOptions() {}

  /** An option left empty (an unset ${VAR:-}, say) is not set at all. */
  public static Map<String, String> withoutEmpty(Map<String, String> options) {
    Map<String, String> set = new HashMap<>();
    if (options != null) {
      options.forEach((key, value) -> {
        if (value != null && !value.isBlank()) {
          set.put(key, value);
        }
      });
    }
    return Map.copyOf(set);
  }
}
