package dev.pulse.backfill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.backfill.archive.ArchiveReader;
import dev.pulse.backfill.config.BackfillSettings;
import dev.pulse.backfill.config.SettingsLoader;
import dev.pulse.backfill.pinot.PinotBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.iceberg.catalog.Catalog;

/**
 * {@code ops/bench backfill}: a day of history restated from a generated archive of N page views
 * (default 20,000,000) with the backfill jar, as a data engineer runs it. Reports the rows per
 * second re-aggregated and pushed, where the time went, and how long after the run's end the swapped
 * day is visible to readers. The stack is the caller's ({@code ops/bench} starts it).
 */
public final class BackfillBenchmark {
  private static final String NAMESPACE = "pulse_bench";

  public static void main(String[] args) throws Exception {
    long events = Long.parseLong(option(args, "--events", "20000000"));
    Path out = Path.of(option(args, "--out", "bench-results/backfill.md"));
    Path jar = Path.of(option(args, "--jar", "backfill/target/backfill-0.1.0-SNAPSHOT.jar"));
    String heap = option(args, "--heap", "6g");
    BackfillSettings settings = SettingsLoader.load(null);
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));

    Catalog catalog = ArchiveReader.openCatalog(settings.archive());
    long generateStart = System.nanoTime();
    ArchiveGenerator.write(catalog, NAMESPACE, day, events);
    double generateSeconds = (System.nanoTime() - generateStart) / 1e9;

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap));
    String flags = System.getenv("PULSE_BACKFILL_JAVA_OPTS");
    if (flags != null && !flags.isBlank()) {
      command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString(), "run", "--from", day.toString(), "--to",
        day.plus(Duration.ofDays(1)).toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PULSE_ARCHIVE_NAMESPACE", NAMESPACE);
    long runStart = System.nanoTime();
    Process run = builder.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = run.waitFor();
    double runSeconds = (System.nanoTime() - runStart) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("backfill run exited with " + exit + ":\n" + output);
    }
    String timing = output.lines().filter(l -> l.startsWith("day ")).findFirst().orElse("");
    String runId = output.lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];

    PinotBroker broker = new PinotBroker(settings.pinot().broker(), Duration.ofSeconds(30));
    long visibleStart = System.nanoTime();
    while (markersOf(broker, runId, day) == 0) {
      Thread.sleep(100);
    }
    double visibleSeconds = (System.nanoTime() - visibleStart) / 1e9;

    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.split(":", 2)[1].trim()).orElse("?");
    String report = String.join("\n",
        "# Backfill: a day of history restated from the archive",
        "",
        Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", " + Runtime.getRuntime().availableProcessors() + " cores ("
            + cpu + "), the whole local stack running idle beside it; backfill JVM -Xmx" + heap + ".",
        "",
        "| figure | value |",
        "|---|---|",
        "| archived events (one day of page views, 5 tenants, 3 sources, 20 pages, 100,000 users) | " + events + " |",
        "| generating the archive (Iceberg, Parquet, an hour per file) | " + String.format("%.1f s", generateSeconds) + " |",
        "| `backfill run` for the day, wall (JVM start, archive scan, recount of every catalog metric, segment build, upload, lineage swap) | "
            + String.format("%.1f s", runSeconds) + " |",
        "| rows re-aggregated and pushed per second (archived rows / wall) | " + String.format("%,.0f", events / runSeconds) + " |",
        "| where the time went | " + timing + " |",
        "| swapped day visible to a broker query after the run ended | " + String.format("%.2f s", visibleSeconds) + " |",
        "");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
  }

  private static long markersOf(PinotBroker broker, String runId, Instant day) throws Exception {
    List<JsonNode> rows = broker.query("SELECT COUNT(*) FROM metrics_history WHERE window_spec = 'restated' AND window_start >= "
        + day.toEpochMilli() + " AND window_start < " + day.plus(Duration.ofDays(1)).toEpochMilli()
        + " AND emitted_at > 0 AND $segmentName LIKE " + PinotBroker.literal("%" + runId + "%"));
    return rows.isEmpty() ? 0 : rows.get(0).get(0).asLong();
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

}
