package dev.pulse.preagg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.preagg.PreaggPipeline;
import dev.pulse.preagg.config.ConfigLoader;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.functions.CatalogSource;
import dev.pulse.preagg.io.KafkaIo;
import dev.pulse.preagg.records.RawEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Measures the pre-aggregation job as it runs in production: RocksDB state, checkpoints every 5 s,
 * exactly-once Kafka sinks, the topology of {@link PreaggPipeline}, ten metrics per event. It
 * preloads N events into a fresh topic, runs the job over them (the source bounded at the end of
 * the topic), and writes events/s and the state size per million keys to a file.
 *
 * <p>Run through {@code ops/bench preagg}, which starts Kafka and the registry first.
 */
public final class PreaggBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** -Dbench.flink.<key>=<value> overrides a Flink option, for experiments; the report lists them. */
  private static final Map<String, String> OVERRIDES = overrides();

  private PreaggBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    long events = Long.parseLong(opts.getOrDefault("events", "20000000"));
    Path out = Path.of(opts.getOrDefault("out", "bench-results/preagg.md"));
    PreaggConfig config = ConfigLoader.load(Path.of(opts.get("config")));
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "bench.events." + run;
    String output = "bench.metrics." + run;
    List<String> topics = List.of(input, output, output + ".corrections");
    createTopics(config.kafka().bootstrapServers(), topics);
    try {
      run(config, input, output, events, out);
    } finally {
      deleteTopics(config.kafka().bootstrapServers(), topics);
    }
  }

  private static void run(PreaggConfig config, String input, String output, long events, Path out) throws Exception {
    long start = Instant.now().minusSeconds(7200).toEpochMilli() / 60_000 * 60_000;
    System.out.printf("preloading %,d events into %s%n", events, input);
    double preloadRate = BenchEvents.preload(config.kafka().bootstrapServers(), config.registry().url(), input, events, start);
    System.out.printf("preloaded at %,.0f events/s; running the job%n", preloadRate);

    Result result = runJob(config, input, output, events);
    String report = report(events, preloadRate, result, config);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  record Result(double seconds, double eventsPerSecond, long stateBytes, long recordsAtCheckpoint, int checkpoints) {}

  private static Result runJob(PreaggConfig config, String input, String output, long events) throws Exception {
    Map<String, String> flink = new HashMap<>(config.flink());
    flink.putAll(OVERRIDES);
    int restPort = freePort();
    flink.put("rest.port", String.valueOf(restPort));
    flink.put("execution.checkpointing.dir", Files.createTempDirectory("preagg-bench").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(Configuration.fromMap(flink));
    DataStream<RawEvent> stream =
        env.fromSource(
            KafkaIo.eventsSource(config, input)
                .setGroupId("bench-" + input)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .build(),
            PreaggPipeline.watermarks(config.aggregation()),
            "bench-events");
    Path catalog = Files.createTempFile("bench-catalog", ".yml");
    Files.copy(PreaggBenchmark.class.getResourceAsStream("/bench/bench-catalog.yml"), catalog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    var windows = PreaggPipeline.aggregate(stream, CatalogSource.file(catalog.toString(), java.time.Duration.ofMinutes(5)), config.aggregation()).windows();
    windows.sinkTo(KafkaIo.exactlyOnce(config, output, "bench-" + output));
    windows.getSideOutput(dev.pulse.preagg.functions.WindowAggregator.CORRECTIONS)
        .sinkTo(KafkaIo.exactlyOnce(config, output + ".corrections", "bench-corr-" + output));

    JobClient job = env.executeAsync("preagg-benchmark");
    URI rest = URI.create("http://127.0.0.1:" + restPort);
    awaitAllTasksRunning(rest, job.getJobID().toString());
    long began = System.nanoTime();
    CheckpointSample last = new CheckpointSample(0, 0, 0);
    // The mini cluster shuts down with the job, so watch the result rather than the job's status.
    var result = job.getJobExecutionResult();
    while (!result.isDone()) {
      last = sampleCheckpoint(rest, job.getJobID().toString(), last);
      Thread.sleep(200);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    result.get();
    return new Result(seconds, events / seconds, last.stateBytes, last.records, last.count);
  }

  record CheckpointSample(long stateBytes, long records, int count) {}

  /** The newest completed checkpoint's full state size, with the records read when it was taken. */
  private static CheckpointSample sampleCheckpoint(URI rest, String jobId, CheckpointSample previous) {
    try {
      JsonNode stats = get(rest, "/jobs/" + jobId + "/checkpoints");
      JsonNode latest = stats.path("latest").path("completed");
      int count = stats.path("counts").path("completed").asInt();
      if (latest.isMissingNode() || count == previous.count) {
        return previous;
      }
      long records = 0;
      for (JsonNode vertex : get(rest, "/jobs/" + jobId).path("vertices")) {
        if (vertex.path("name").asText().startsWith("Source")) {
          records += vertex.path("metrics").path("write-records").asLong();
        }
      }
      return new CheckpointSample(latest.path("state_size").asLong(), records, count);
    } catch (Exception e) {
      return previous;
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitAllTasksRunning(URI rest, String jobId) throws Exception {
    while (true) {
      JsonNode job = get(rest, "/jobs/" + jobId);
      boolean allRunning = job.path("vertices").size() > 0;
      for (JsonNode vertex : job.path("vertices")) {
        allRunning &= vertex.path("status").asText().equals("RUNNING");
      }
      if (allRunning) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private static JsonNode get(URI rest, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(rest.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static void createTopics(String bootstrap, List<String> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(topics.stream().map(t -> new NewTopic(t, 4, (short) 1)).toList()).all().get();
    }
  }

  private static void deleteTopics(String bootstrap, List<String> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.deleteTopics(topics).all().get();
    }
  }

  private static String report(long events, double preloadRate, Result result, PreaggConfig config) throws Exception {
    double perMillionKeys = result.recordsAtCheckpoint == 0 ? 0 : result.stateBytes / (result.recordsAtCheckpoint / 1e6);
    return String.format(
        """
        # preagg-flink benchmark

        - When: %s
        - Machine: %s, %d cores, %s; %s
        - Job: RocksDB (incremental checkpoints every %s), exactly-once Kafka sinks, parallelism %s,
          dedup by event_id, pre-aggregation before the shuffle, 10 metrics per event (one sliding 5m/30s)
        - Input: %,d purchase events over one hour of event time, preloaded (Avro, wire format) at %,.0f events/s
        - RocksDB managed memory %s; Flink options overridden for this run: %s

        | figure | value |
        |---|---|
        | sustained throughput | **%,.0f events/s** (%,.0f metric updates/s) |
        | wall time, all tasks running to job finished | %.1f s |
        | checkpoints completed during the run | %d |
        | state at the last checkpoint | %,.1f MB for %,d events read |
        | state per million keys (event ids, dedup) | %,.1f MB |
        """,
        Instant.now(),
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        memory(),
        "JDK " + System.getProperty("java.version"),
        config.flink().get("execution.checkpointing.interval"),
        config.flink().get("parallelism.default"),
        events,
        preloadRate,
        OVERRIDES.getOrDefault("taskmanager.memory.managed.size", config.flink().get("taskmanager.memory.managed.size")),
        OVERRIDES.isEmpty() ? "none (preagg.yml as shipped)" : OVERRIDES,
        result.eventsPerSecond,
        result.eventsPerSecond * 10,
        result.seconds,
        result.checkpoints,
        result.stateBytes / 1e6,
        result.recordsAtCheckpoint,
        perMillionKeys / 1e6);
  }

  private static Map<String, String> overrides() {
    Map<String, String> overrides = new java.util.TreeMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bench.flink."))
        .forEach(k -> overrides.put(k.substring("bench.flink.".length()), System.getProperty(k)));
    return overrides;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (Exception e) {
      return "unknown CPU";
    }
  }

  private static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
    } catch (Exception e) {
      return "";
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (!opts.containsKey("config")) {
      throw new IllegalArgumentException("usage: PreaggBenchmark --config preagg.yml [--events N] [--out file]");
    }
    return opts;
  }
}
