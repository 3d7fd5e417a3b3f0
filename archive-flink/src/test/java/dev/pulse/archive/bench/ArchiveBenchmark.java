package dev.pulse.archive.bench;

import dev.pulse.archive.ArchiveConfig;
import dev.pulse.archive.ArchivePipeline;
import dev.pulse.archive.decode.ArchiveDeserializer;
import dev.pulse.archive.iceberg.IcebergSettings;
import dev.pulse.contract.Topics;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.flink.events.EventsSource;
import dev.pulse.preagg.bench.BenchTopology;
import dev.pulse.preagg.bench.PreaggBenchmark;
import dev.pulse.preagg.bench.PreaggBenchmark.Result;
import dev.pulse.preagg.bench.PreaggBenchmark.Slice;
import dev.pulse.preagg.config.PreaggConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Measures the archive job as shipped (archive.yml: checkpoints every 60 s, one Iceberg writer,
 * Parquet with zstd, the JDBC catalog on PostgreSQL) over N preloaded events, alone and beside the
 * pre-aggregation job on the same input at the same time, and the pre-aggregation job alone and
 * beside the archive: the archive's sustained events/s and what it costs the metrics. Both jobs run
 * their production graphs in mini clusters of this JVM; each first runs over a smaller input, so
 * the figures compare JIT-compiled steady states. Every run's rows are counted back from the table.
 *
 * <p>Run through {@code ops/bench archive}, which starts PostgreSQL, Kafka and the registry first.
 */
public final class ArchiveBenchmark {
  private ArchiveBenchmark() {}

  /** One run of the archive job over a slice: its rate, and what it committed. */
  record ArchiveRun(double seconds, double eventsPerSecond, long rows, int files) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    long events = Long.parseLong(opts.getOrDefault("events", "5000000"));
    ArchiveConfig archive = ConfigLoader.load(Path.of(opts.get("archive-config")), ArchiveConfig.class);
    PreaggConfig preagg = ConfigLoader.load(Path.of(opts.get("preagg-config")), PreaggConfig.class);
    Path out = Path.of(opts.getOrDefault("out", "bench-results/archive.md"));

    long start = Instant.now().minusSeconds(7200).toEpochMilli() / 60_000 * 60_000;
    String run = UUID.randomUUID().toString().substring(0, 8);
    // Each slice is the topic's tail while the archive reads it: the archive job is unbounded, as in
    // production, and reads from the slice's start on.
    Slice warmup = PreaggBenchmark.preload(preagg, PreaggBenchmark.warmupEvents(events), start);
    System.out.println("warming up both jobs");
    runArchive(archive, warmup, "warmup_" + run);
    PreaggBenchmark.runJob(preagg, warmup, "bench.warmup." + run, BenchTopology.AS_SHIPPED);
    Slice measured = PreaggBenchmark.preload(preagg, events, start);

    System.out.println("the archive alone");
    ArchiveRun archiveAlone = runArchive(archive, measured, "alone_" + run);
    System.out.println("pre-aggregation alone");
    Result preaggAlone = PreaggBenchmark.runJob(preagg, measured, "bench.alone." + run, BenchTopology.AS_SHIPPED);

    System.out.println("both at once, over the same events");
    CompletableFuture<Result> preaggBeside = CompletableFuture.supplyAsync(() -> {
      try {
        return PreaggBenchmark.runJob(preagg, measured, "bench.beside." + run, BenchTopology.AS_SHIPPED);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(3_000); // the first mini cluster takes its REST port before the second looks for one
    ArchiveRun archiveBeside = runArchive(archive, measured, "beside_" + run);
    Result preaggWithArchive = preaggBeside.get();

    String report = report(archive, measured, archiveAlone, archiveBeside, preaggAlone, preaggWithArchive);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /** The archive's production graph over one slice, into tables of a namespace of its own. */
  private static ArchiveRun runArchive(ArchiveConfig config, Slice input, String label) throws Exception {
    Path work = Files.createTempDirectory("archive-bench");
    Map<String, String> catalog = new HashMap<>(config.iceberg().catalog());
    catalog.put("warehouse", work.resolve("warehouse").toUri().toString());
    IcebergSettings iceberg =
        new IcebergSettings(config.iceberg().catalogName(), "bench_" + label, catalog, config.iceberg().tableProperties());
    iceberg.prepare();
    Map<String, String> flink = new HashMap<>(config.flink());
    int restPort = PreaggBenchmark.freePort(22000);
    flink.put("rest.port", String.valueOf(restPort));
    flink.put("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(Configuration.fromMap(flink));
    ArchivePipeline.build(
        env,
        EventsSource.builder(
                config.kafka(), Topics.EVENTS_RAW.name(),
                new ArchiveDeserializer(config.registry().url(), iceberg, config.writeParallelism(), config.distribution()))
            .setGroupId("bench-archive-" + label)
            .setStartingOffsets(OffsetsInitializer.offsets(input.from()))
            .build(),
        new DiscardingSink<>(),
        iceberg,
        config.writeParallelism());
    JobClient job = env.executeAsync("archive-benchmark-" + label);
    URI rest = URI.create("http://127.0.0.1:" + restPort);
    String jobId = job.getJobID().toString();
    PreaggBenchmark.awaitAllTasksRunning(rest, jobId, job.getJobExecutionResult());
    // Unbounded, as in production: the rate is the source's until it has read the whole slice; the
    // rows are then counted back once the next checkpoint has committed them.
    long began = System.nanoTime();
    while (recordsRead(rest, jobId) < input.events()) {
      Thread.sleep(100);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    Catalog opened = iceberg.open();
    Table table = awaitRows(opened, iceberg, input.events());
    job.cancel().get();
    long rows = rows(table);
    if (rows != input.events()) {
      throw new IllegalStateException(
          "the archive committed " + rows + " rows for " + input.events() + " events; snapshots: " + table.snapshots());
    }
    return new ArchiveRun(seconds, input.events() / seconds, rows, files(table));
  }

  /** Records the source vertex has emitted, from the job's REST API (0 until it reports). */
  private static long recordsRead(URI rest, String jobId) {
    try {
      long records = 0;
      for (var vertex : PreaggBenchmark.get(rest, "/jobs/" + jobId).path("vertices")) {
        if (vertex.path("name").asText().startsWith("Source")) {
          records += vertex.path("metrics").path("write-records").asLong();
        }
      }
      return records;
    } catch (Exception e) {
      return 0;
    }
  }

  /** The table once the commits hold all the rows: within a checkpoint interval of the last read. */
  private static Table awaitRows(Catalog catalog, IcebergSettings iceberg, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (catalog.tableExists(iceberg.tableOf("purchase"))) {
        Table table = catalog.loadTable(iceberg.tableOf("purchase"));
        if (rows(table) >= expected) {
          return table;
        }
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException("the archive did not commit " + expected + " rows within 5 minutes");
  }

  /** Rows in the table's data files now, from their metadata. */
  private static long rows(Table table) {
    long rows = 0;
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = table.newScan().planFiles()) {
      for (org.apache.iceberg.FileScanTask task : tasks) {
        rows += task.file().recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static int files(Table table) {
    int files = 0;
    try (CloseableIterable<?> tasks = table.newScan().planFiles()) {
      for (Object ignored : tasks) {
        files++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static String report(
      ArchiveConfig config, Slice input, ArchiveRun alone, ArchiveRun beside, Result preaggAlone, Result preaggBeside) {
    return String.format(
        """
        # archive-flink benchmark

        - When: %s
        - Machine: %s, %d cores, %s; JDK %s
        - Archive job as shipped: checkpoints every %s, %d Iceberg writer(s) (distribution %s), Parquet (%s), JDBC catalog on
          PostgreSQL, a local warehouse; exactly-once commits; the rows of every run counted back from the table
        - Pre-aggregation job as shipped (preagg.yml), 10 metrics per event, exactly-once Kafka sinks
        - Input: %,d purchase events preloaded into events.raw (Avro, wire format) at %,.0f events/s; each job
          ran over a smaller input first, in the same JVM

        | figure | value |
        |---|---|
        | archive alone | **%,.0f events/s** (%.1f s; %,d rows in %d files) |
        | archive beside the pre-aggregation job | **%,.0f events/s** (%.1f s) |
        | pre-aggregation alone | %,.0f events/s (%.1f s) |
        | pre-aggregation beside the archive | %,.0f events/s (%.1f s) |
        | pre-aggregation's throughput beside the archive | **%.2f×** of alone (the target: at least 0.85×) |

        Both jobs read the same events at once, so "beside" is the worst case: a backlog on both. In
        steady operation each reads only new events, at the ingest rate.
        Freshness: an archived event is readable in Iceberg after the next checkpoint's commit, so
        within the checkpoint interval (%s) plus the commit. The archive holds no lock the metrics
        path waits on; its only cost to the metrics' freshness is CPU, shown above as throughput.
        """,
        Instant.now(),
        PreaggBenchmark.cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        PreaggBenchmark.memory(),
        System.getProperty("java.version"),
        config.flink().get("execution.checkpointing.interval"),
        config.writeParallelism(),
        config.distribution().modeName(),
        config.iceberg().tableProperties().getOrDefault("write.parquet.compression-codec", "default codec"),
        input.events(),
        input.preloadRate(),
        alone.eventsPerSecond(), alone.seconds(), alone.rows(), alone.files(),
        beside.eventsPerSecond(), beside.seconds(),
        preaggAlone.eventsPerSecond(), preaggAlone.seconds(),
        preaggBeside.eventsPerSecond(), preaggBeside.seconds(),
        preaggBeside.eventsPerSecond() / preaggAlone.eventsPerSecond(),
        config.flink().get("execution.checkpointing.interval"));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (!opts.containsKey("archive-config") || !opts.containsKey("preagg-config")) {
      throw new IllegalArgumentException(
          "usage: ArchiveBenchmark --archive-config archive.yml --preagg-config preagg.yml [--events N] [--out file]");
    }
    return opts;
  }
}
