package dev.pulse.ops.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies and response statuses of a benchmark's measured requests, from any number of threads. */
public final class Latencies {
  private final long[] nanos;
  private final AtomicLong count = new AtomicLong();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

  Latencies(int capacity) {
    nanos = new long[capacity];
  }

  void record(int status, long latencyNanos) {
    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    long at = count.getAndIncrement();
    if (at < nanos.length) {
      nanos[(int) at] = latencyNanos;
    }
  }

  long ok() {
    return statuses.getOrDefault(200, new AtomicLong()).get();
  }

  Map<Integer, AtomicLong> statuses() {
    return new TreeMap<>(statuses);
  }

  /** The p-quantile in milliseconds (p in [0, 1]). */
  double millis(double p) {
    long[] sorted = Arrays.stream(nanos, 0, (int) Math.min(count.get(), nanos.length)).sorted().toArray();
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))] / 1e6;
  }

  public static String machine() {
    return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores; JDK " + System.getProperty("java.version");
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (Exception e) {
      return "unknown CPU";
    }
  }
}
