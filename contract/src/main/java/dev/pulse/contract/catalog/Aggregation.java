package dev.pulse.contract.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a metric folds its events into one value per window. */
public enum Aggregation {
  /** The number of matching events. */
  COUNT;

  static Aggregation parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown aggregation '" + text + "'; expected one of " + names());
    }
  }

  private static String names() {
    return Arrays.stream(values())
        .map(a -> a.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
