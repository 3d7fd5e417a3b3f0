package dev.pulse.preagg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulse.contract.Topics;
import dev.pulse.flink.catalog.CatalogSource;
import dev.pulse.flink.config.ConfigLoader;
import dev.pulse.aggregation.RawEvent;
import dev.pulse.preagg.PreaggPipeline;
import dev.pulse.preagg.config.PreaggConfig;
import dev.pulse.preagg.io.KafkaIo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures the pre-aggregation job as it runs in production: RocksDB state, checkpoints as preagg.yml sets them,
 * exactly-once Kafka sinks, the topology of {@link PreaggPipeline}, ten metrics per event. It
 * preloads N events into events.raw, runs the job over them (the source bounded at the offsets
 * where the preload ended), and writes events/s and the state size per million keys to a file.
 * With {@code --topologies}, it runs cut-down copies of the job over the same events too ({@link
 * BenchTopology}), to show what each part costs. Every topology first runs over a smaller input in
 * the same JVM, so the figures compare JIT-compiled steady states.
 *
 * <p>Run through {@code ops/bench preagg}, which starts Kafka and the registry on a fresh stack
 * of its own first (provisioning creates events.raw as the product has it). The archive's benchmark
 * uses its preload and job runner too, to measure the job beside the archive.
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
    List<BenchTopology> topologies = BenchTopology.parse(opts.getOrDefault("topologies", BenchTopology.AS_SHIPPED.label));
    PreaggConfig config = ConfigLoader.load(Path.of(opts.get("config")), PreaggConfig.class);
    run(config, topologies, events, out);
  }

  /** A stretch of events.raw that one preload wrote: the job reads from {@code from} to {@code to}. */
  public record Slice(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, long events, double preloadRate) {}

  private static void run(PreaggConfig config, List<BenchTopology> topologies, long events, Path out) throws Exception {
    long start = Instant.now().minusSeconds(7200).toEpochMilli() / 60_000 * 60_000;
    Slice warmup = preload(config, warmupEvents(events), start);
    Slice measured = preload(config, events, start);
    warmUp(config, warmup, topologies);

    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<BenchTopology, Result> results = new LinkedHashMap<>();
    for (BenchTopology topology : topologies) {
      System.out.printf("running the job, %s: %s%n", topology.label, topology.shape);
      results.put(topology, runJob(config, measured, "bench.metrics." + run + "." + topology.label, topology));
    }
    String report = report(measured, results, config);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  public static Slice preload(PreaggConfig config, long events, long start) throws Exception {
    String bootstrap = config.kafka().bootstrapServers();
    System.out.printf("preloading %,d events into %s%n", events, Topics.EVENTS_RAW.name());
    Map<TopicPartition, Long> from = endOffsets(bootstrap, Topics.EVENTS_RAW.name());
    double rate = BenchEvents.preload(bootstrap, config.registry().url(), Topics.EVENTS_RAW.name(), events, start);
    System.out.printf("preloaded at %,.0f events/s%n", rate);
    return new Slice(from, endOffsets(bootstrap, Topics.EVENTS_RAW.name()), events, rate);
  }

  private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
      return offsets;
    }
  }

  public static long warmupEvents(long events) {
    return Math.min(events / 10, 1_000_000);
  }

  /**
   * Runs each topology once over a small input first, so that the measured runs compare steady
   * states rather than how much of each run the JIT compiler took: a job runs for days.
   */
  private static void warmUp(PreaggConfig config, Slice warmup, List<BenchTopology> topologies) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (BenchTopology topology : topologies) {
      System.out.printf("warming up, %s, over %,d events%n", topology.label, warmup.events());
      runJob(config, warmup, "bench.warmup." + run + "." + topology.label, topology);
    }
  }

  /**
   * @param sourceSubtaskRecords records each source subtask had emitted at the last sample before
   *     the job ended (the mini cluster goes down with it, so the last few are not seen)
   */
  public record Result(double seconds, double eventsPerSecond, long stateBytes, long recordsAtCheckpoint, int checkpoints,
      Map<Integer, Long> sourceSubtaskRecords) {
    /** Core-microseconds per event, both cores taken as busy for the whole run. */
    public double cpuMicrosPerEvent(long events) {
      return seconds * Runtime.getRuntime().availableProcessors() / events * 1e6;
    }
  }

  /** Runs one topology over a slice of events.raw, with its own consumer group and output topics. */
  public static Result runJob(PreaggConfig config, Slice input, String output, BenchTopology topology) throws Exception {
    List<String> outputs = List.of(output, output + ".corrections");
    createTopics(config.kafka().bootstrapServers(), outputs);
    try {
      return runJobInto(config, input, output, topology);
    } finally {
      deleteTopics(config.kafka().bootstrapServers(), outputs);
    }
  }

  private static Result runJobInto(PreaggConfig config, Slice input, String output, BenchTopology topology) throws Exception {
    Map<String, String> flink = new HashMap<>(config.flink());
    flink.putAll(OVERRIDES);
    int restPort = freePort();
    flink.put("rest.port", String.valueOf(restPort));
    flink.put("execution.checkpointing.dir", Files.createTempDirectory("preagg-bench").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(Configuration.fromMap(flink));
    DataStream<RawEvent> stream =
        env.fromSource(
            KafkaIo.backlogAware(
                KafkaIo.eventsSource(config, Topics.EVENTS_RAW.name())
                    .setGroupId("bench-" + output)
                    .setStartingOffsets(OffsetsInitializer.offsets(input.from()))
                    .setBounded(OffsetsInitializer.offsets(input.to()))
                    .build(),
                config),
            PreaggPipeline.watermarks(config.aggregation()),
            "bench-events");
    Path catalog = Files.createTempFile("bench-catalog", ".yml");
    Files.copy(PreaggBenchmark.class.getResourceAsStream("/bench/bench-catalog.yml"), catalog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    var windows = topology.windows(stream, CatalogSource.file(catalog.toString(), java.time.Duration.ofMinutes(5)), config.aggregation());
    windows.sinkTo(KafkaIo.exactlyOnce(config, output, "bench-" + output));
    windows.getSideOutput(dev.pulse.preagg.functions.WindowAggregator.CORRECTIONS)
        .sinkTo(KafkaIo.exactlyOnce(config, output + ".corrections", "bench-corr-" + output));

    JobClient job = env.executeAsync("preagg-benchmark-" + topology.label);
    URI rest = URI.create("http://127.0.0.1:" + restPort);
    // The mini cluster shuts down with the job, so watch the result rather than the job's status.
    var result = job.getJobExecutionResult();
    awaitAllTasksRunning(rest, job.getJobID().toString(), result);
    long began = System.nanoTime();
    CheckpointSample last = new CheckpointSample(0, 0, 0);
    Map<Integer, Long> bySubtask = Map.of();
    long nextSubtaskSample = 0;
    while (!result.isDone()) {
      last = sampleCheckpoint(rest, job.getJobID().toString(), last);
      // Seldom: each sample makes the mini cluster gather every subtask's metrics. A run sampling
      // them every 200 ms made 79,541 events/s against 106,957 without (one run each; likely cost).
      if (System.nanoTime() >= nextSubtaskSample) {
        bySubtask = sampleSourceSubtasks(rest, job.getJobID().toString(), bySubtask);
        nextSubtaskSample = System.nanoTime() + 5_000_000_000L;
      }
      Thread.sleep(200);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    result.get();
    return new Result(seconds, input.events() / seconds, last.stateBytes, last.records, last.count, bySubtask);
  }

  record CheckpointSample(long stateBytes, long records, int count) {}

  /** The newest completed checkpoint's full state size, with the records read when it was taken. */
  private static CheckpointSample sampleCheckpoint(URI rest, String jobId, CheckpointSample previous) {
    try {
      JsonNode stats = get(rest, "/jobs/" + jobId + "/checkpoints");
      JsonNode latest = stats.path("latest").path("completed");
      int count = stats.path("counts").path("completed").asInt();
      // Task metrics reach the REST API seconds after the checkpoint: until they do, sample again.
      if (latest.isMissingNode() || (count == previous.count && previous.records > 0)) {
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

  /** Records emitted so far by each subtask of the source, or the previous sample if the REST call fails. */
  private static Map<Integer, Long> sampleSourceSubtasks(URI rest, String jobId, Map<Integer, Long> previous) {
    try {
      for (JsonNode vertex : get(rest, "/jobs/" + jobId).path("vertices")) {
        if (vertex.path("name").asText().startsWith("Source")) {
          Map<Integer, Long> records = new java.util.TreeMap<>();
          for (JsonNode subtask : get(rest, "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText()).path("subtasks")) {
            records.put(subtask.path("subtask").asInt(), subtask.path("metrics").path("write-records").asLong());
          }
          return records;
        }
      }
      return previous;
    } catch (Exception e) {
      return previous;
    }
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up): a port from that range can be taken
   * by an outgoing connection between this check and the mini cluster's bind.
   */
  private static int freePort() throws java.io.IOException {
    return freePort(21000);
  }

  /** The first free port of the thousand from {@code from}; two mini clusters side by side use two ranges. */
  public static int freePort(int from) throws java.io.IOException {
    for (int port = from; port < from + 1000; port++) {
      try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return port;
      } catch (java.io.IOException taken) {
        // try the next one
      }
    }
    throw new java.io.IOException("no free port in " + from + "-" + (from + 999) + " for the mini cluster's REST endpoint");
  }

  /** Returns early when the job is already over: a small warm-up input can finish first. */
  public static void awaitAllTasksRunning(URI rest, String jobId, java.util.concurrent.Future<?> result) throws Exception {
    while (!result.isDone()) {
      if (allTasksRunning(rest, jobId)) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private static boolean allTasksRunning(URI rest, String jobId) throws InterruptedException {
    try {
      JsonNode job = get(rest, "/jobs/" + jobId);
      boolean allRunning = job.path("vertices").size() > 0;
      for (JsonNode vertex : job.path("vertices")) {
        allRunning &= vertex.path("status").asText().equals("RUNNING");
      }
      return allRunning;
    } catch (java.io.IOException e) {
      return false; // the REST endpoint is not up yet, or already down with the finished job
    }
  }

  public static JsonNode get(URI rest, String path) throws java.io.IOException, InterruptedException {
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

  private static String report(Slice input, Map<BenchTopology, Result> results, PreaggConfig config) {
    var first = results.entrySet().iterator().next();
    return header(input.events(), input.preloadRate(), first.getKey(), config) + figures(first.getValue())
        + spread(input, first.getValue()) + breakdown(input.events(), results);
  }

  private static String header(long events, double preloadRate, BenchTopology topology, PreaggConfig config) {
    return String.format(
        """
        # preagg-flink benchmark

        - When: %s
        - Machine: %s, %d cores, %s; %s
        - Job: RocksDB (incremental checkpoints every %s, every %s while reading a backlog), exactly-once Kafka sinks, parallelism %s,
          10 metrics per event (one sliding 5m/30s); topology %s: %s
        - Input: %,d purchase events over one hour of event time, preloaded into events.raw (Avro, wire format) at %,.0f events/s;
          the job ran over %,d other events first, in the same JVM, so this is its JIT-compiled steady state
        - RocksDB managed memory %s; Flink options overridden for this run: %s

        """,
        Instant.now(),
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        memory(),
        "JDK " + System.getProperty("java.version"),
        config.flink().get("execution.checkpointing.interval"),
        config.flink().getOrDefault("execution.checkpointing.interval-during-backlog", "the same"),
        config.flink().get("parallelism.default"),
        topology.label,
        topology.shape,
        events,
        preloadRate,
        warmupEvents(events),
        OVERRIDES.getOrDefault("taskmanager.memory.managed.size", config.flink().get("taskmanager.memory.managed.size")),
        OVERRIDES.isEmpty() ? "none (preagg.yml as shipped)" : OVERRIDES);
  }

  private static String figures(Result result) {
    return String.format(
        """
        | figure | value |
        |---|---|
        | sustained throughput | **%,.0f events/s** (%,.0f metric updates/s) |
        | wall time, all tasks running to job finished | %.1f s |
        | checkpoints completed during the run | %d |
        %s""",
        result.eventsPerSecond,
        result.eventsPerSecond * 10,
        result.seconds,
        result.checkpoints,
        stateFigures(result));
  }

  private static String stateFigures(Result result) {
    if (result.recordsAtCheckpoint == 0) {
      return "| state | not measured: the run ended before a checkpoint's task metrics were reported; use more events |\n";
    }
    return String.format(
        """
        | state at the last checkpoint | %,.1f MB for %,d events read |
        | state per million keys (event ids, dedup) | %,.1f MB |
        """,
        result.stateBytes / 1e6,
        result.recordsAtCheckpoint,
        result.stateBytes / (result.recordsAtCheckpoint / 1e6) / 1e6);
  }

  /** With several topologies: each one's rate, and what each step of dedup adds per event. */
  /** Whether every partition of the input and every source subtask carried load. */
  private static String spread(Slice input, Result result) {
    StringBuilder table = new StringBuilder(String.format(
        "%n## Spread of the input%n%nevents.raw keyed by event_id, one event type: records (offsets) per partition, "
            + "then records each source subtask emitted by the last sample (every 5 s) before the job ended.%n%n"
            + "| partition | records |%n|---|---|%n"));
    input.to().entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(TopicPartition::partition)))
        .forEach(e -> table.append(String.format(
            "| %d | %,d |%n", e.getKey().partition(), e.getValue() - input.from().getOrDefault(e.getKey(), 0L))));
    table.append(String.format("%n| source subtask | records emitted |%n|---|---|%n"));
    result.sourceSubtaskRecords().forEach((subtask, records) -> table.append(String.format("| %d | %,d |%n", subtask, records)));
    return table.toString();
  }

  private static String breakdown(long events, Map<BenchTopology, Result> results) {
    if (results.size() < 2) {
      return "";
    }
    Result baseline = results.values().iterator().next();
    StringBuilder table =
        new StringBuilder(
            """

            Where the time goes: the same input through each topology in turn. CPU per event is wall
            time × cores ÷ events (both cores busy throughout, Kafka and the registry included).

            | topology | shape | events/s | core-µs per event | events/s vs the first |
            |---|---|---|---|---|
            """);
    results.forEach(
        (topology, result) ->
            table.append(
                String.format(
                    "| %s | %s | %,.0f | %.2f | %.2f× |%n",
                    topology.label, topology.shape, result.eventsPerSecond, result.cpuMicrosPerEvent(events), result.eventsPerSecond / baseline.eventsPerSecond)));
    return table.toString();
  }

  private static Map<String, String> overrides() {
    Map<String, String> overrides = new java.util.TreeMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bench.flink."))
        .forEach(k -> overrides.put(k.substring("bench.flink.".length()), System.getProperty(k)));
    return overrides;
  }

  public static String cpuModel() {
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

  public static String memory() {
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
