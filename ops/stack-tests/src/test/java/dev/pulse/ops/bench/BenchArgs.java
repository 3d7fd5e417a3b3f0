package dev.pulse.ops.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of a benchmark's command line; {@code --api} and {@code --admin-key} are required. */
public final class BenchArgs {
  private BenchArgs() {}

  public static Map<String, String> parse(String[] args, String usage) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (!opts.containsKey("api") || !opts.containsKey("admin-key")) {
      throw new IllegalArgumentException("usage: " + usage);
    }
    return opts;
  }
}
