package org.apache.pinot.plugin.minion.tasks.pulse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The backfill jar in a child JVM, as a task's unit of work. Where it is and how to run it come from
 * the minion's environment: {@code PULSE_BACKFILL_JAR}, {@code PULSE_BACKFILL_JAVA_OPTS}, and the
 * {@code PULSE_*} addresses its own backfill.yml reads. A cancelled task kills it.
 */
final class BackfillProcess {
  /** What the child printed and how it exited. */
  record Result(int exit, String output) {
    String lastLine(String prefix) {
      return output.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElse(null);
    }
  }

  private volatile Process process;

  Result run(List<String> args) throws IOException, InterruptedException {
    String jar = System.getenv("PULSE_BACKFILL_JAR");
    if (jar == null || !new File(jar).isFile()) {
      throw new IllegalStateException("PULSE_BACKFILL_JAR does not name the backfill jar (" + jar + ")");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opts = System.getenv("PULSE_BACKFILL_JAVA_OPTS");
    if (opts != null && !opts.isBlank()) {
      command.addAll(Arrays.asList(opts.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar));
    command.addAll(args);
    Path log = Files.createTempFile("pulse-backfill-", ".log");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      int exit = process.waitFor();
      return new Result(exit, Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  void cancel() {
    Process running = process;
    if (running != null) {
      running.destroy();
      try {
        if (!running.waitFor(30, TimeUnit.SECONDS)) {
          running.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.destroyForcibly();
      }
    }
  }

  /** Fails the task with the end of the child's output, which says why. */
  static RuntimeException failure(String what, Result result) {
    String output = result.output();
    String tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    return new IllegalStateException(what + " exited with " + result.exit() + ":\n" + tail);
  }
}
