package dev.pulse.ops.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the stack's processes, from {@code /proc/<pid>/stat}, so a benchmark can say what
 * each request cost each process rather than only how long it waited.
 */
final class ProcessCpu {
  /** Linux reports utime and stime in USER_HZ ticks, 100 a second on every architecture we run. */
  private static final long TICKS_PER_SECOND = 100;

  private final Map<String, Long> pids;

  private ProcessCpu(Map<String, Long> pids) {
    this.pids = pids;
  }

  /** @param spec {@code name=pidfile,name=pidfile}, as ops/bench passes them */
  static ProcessCpu of(String spec) {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String[] parts = entry.split("=", 2);
      try {
        pids.put(parts[0], Long.parseLong(Files.readString(Path.of(parts[1])).trim()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the pid file of " + parts[0], e);
      }
    }
    return new ProcessCpu(pids);
  }

  /** CPU milliseconds each process has used since it started. */
  Map<String, Long> millisUsed() {
    Map<String, Long> used = new LinkedHashMap<>();
    pids.forEach((name, pid) -> used.put(name, millisUsed(pid)));
    return used;
  }

  private static long millisUsed(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command, which is in parentheses and may hold spaces: state is field 3,
      // utime and stime fields 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException("process " + pid + " is gone", e);
    }
  }

  /** Per process: CPU ms per second of a span, from two readings. */
  static Map<String, Double> perSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
    Map<String, Double> rates = new LinkedHashMap<>();
    before.forEach((name, ms) -> rates.put(name, (after.get(name) - ms) / seconds));
    return rates;
  }
}
