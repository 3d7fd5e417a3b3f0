package dev.pulse.backfill.corrections;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How far the corrections merge has read metrics.corrections: the next offset per partition. Kept
 * by its Minion task in Pinot's task metadata, passed to and from the merge as {@code 0:12,1:40}.
 */
public record Watermark(Map<Integer, Long> next) {
  public Watermark {
    next = new TreeMap<>(next);
  }

  public static Watermark parse(String text) {
    Map<Integer, Long> next = new TreeMap<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        String[] pair = part.trim().split(":");
        if (pair.length != 2) {
          throw new IllegalArgumentException("a watermark is partition:offset,...; not '" + part + "'");
        }
        next.put(Integer.parseInt(pair[0]), Long.parseLong(pair[1]));
      }
    }
    return new Watermark(next);
  }

  public long of(int partition) {
    return next.getOrDefault(partition, 0L);
  }

  @Override
  public String toString() {
    return next.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
  }
}
