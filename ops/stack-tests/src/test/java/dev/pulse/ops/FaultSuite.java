package dev.pulse.ops;

import dev.pulse.ops.bench.Latencies;
import dev.pulse.ops.bench.SpikeLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The fault suite on the cluster topology ({@code ops/faults}; FaultsIT at CI's size). A steady load
 * runs throughout: page views over HTTP to both API instances (a batch that gets no answer is
 * retried on the other) and straight to Kafka. One part after another is killed with SIGKILL, left
 * down, and started again with {@code ops/stack up}. After each fault the load pauses until every
 * batch and record was acknowledged, and an independent recount compares what the load generators
 * were acknowledged with the event_count the API serves for each of their sources: lost and counted
 * twice must both be 0. While each part is down, a burst of purchases breaches an alert rule of that
 * fault's own; on-call should get exactly one page for it ({@link FaultPages}; reported, not yet
 * required). At the end every acknowledged event id must be in the archive.
 */
final class FaultSuite {
  /** The design's freshness SLO: an answer at most 60 s older than the events behind it. */
  static final Duration FRESHNESS_SLO = Duration.ofSeconds(60);
  private static final Duration PATIENCE = Duration.ofMinutes(4);

  /** A part to kill; the component is found when the fault starts (the busiest partition's leader, say). */
  record Fault(String name, String effect, Function<LocalStack, String> component) {}

  static final List<Fault> ALL = List.of(
      new Fault("kafka-leader", "the broker leading events.raw partition 0", FaultSuite::leaderOfPartitionZero),
      new Fault("flink-taskmanager", "a TaskManager; its tasks restart on the other from the last checkpoint",
          stack -> "flink-taskmanager-1"),
      new Fault("flink-jobmanager", "the JobManager; a new one recovers the jobs from ZooKeeper",
          stack -> "flink-jobmanager"),
      new Fault("pinot-server", "a Pinot server; its replica on the other serves", stack -> "pinot-server-1"),
      new Fault("metrics-api", "an API instance; clients go to the other", stack -> "metrics-api-1"),
      new Fault("alert-scheduler", "a scheduler instance; the other runs its Quartz jobs", stack -> "alert-scheduler-1"),
      new Fault("postgres", "PostgreSQL; keys and schemas come from caches", stack -> "postgres"));

  /**
   * @param httpRate page views a second over HTTP; {@code kafkaRate} straight to Kafka
   * @param down how long a killed part stays down before it is started again
   * @param calm how long the load runs before each kill, and again after the restart
   */
  record Settings(double httpRate, double kafkaRate, Duration down, Duration calm, List<String> faults) {
    static Settings ci() {
      return new Settings(200, 20, Duration.ofSeconds(10), Duration.ofSeconds(10), names(ALL));
    }
  }

  /**
   * What one fault did. {@code sloRecoverySeconds}: from the kill until freshness was back within
   * the SLO for good (0 if it never left it); {@code settledSeconds}: until it was back to what it
   * was before the fault; empty when that did not happen within the suite's patience.
   */
  record Row(String fault, String effect, String killed, double restartSeconds, Map<String, Long> answers,
      double ingestErrorSeconds, double readErrorSeconds, double worstFreshnessSeconds,
      double sloRecoverySeconds, Optional<Double> settledSeconds, Map<String, Long> accepted,
      Map<String, Double> served, int kafkaResends, int pages) {
    /** Per source, so that a loss in one cannot hide behind a double count in the other. */
    long lost() {
      return accepted.entrySet().stream()
          .mapToLong(a -> Math.max(0, a.getValue() - (long) (double) served.getOrDefault(a.getKey(), 0.0))).sum();
    }

    long countedTwice() {
      return accepted.entrySet().stream()
          .mapToLong(a -> Math.max(0, (long) (double) served.getOrDefault(a.getKey(), 0.0) - a.getValue())).sum();
    }

    long acceptedInAll() {
      return accepted.values().stream().mapToLong(Long::longValue).sum();
    }

    double servedInAll() {
      return served.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** @param pagesAtEnd per fault, the pages its breach had triggered when the suite ended */
  record Outcome(List<Row> rows, long acceptedInAll, long missingFromArchive, Map<String, Integer> pagesAtEnd) {
    boolean holds() {
      return missingFromArchive == 0 && pagedOnceEach() && brokerLossAnsweredEveryBatch()
          && rows.stream().allMatch(r -> r.lost() == 0 && r.countedTwice() == 0);
    }

    boolean pagedOnceEach() {
      return pagesAtEnd.values().stream().allMatch(p -> p == 1);
    }

    /** With two of three brokers up, ingestion goes on: every batch is answered 200, none turned away. */
    boolean brokerLossAnsweredEveryBatch() {
      return rows.stream().filter(r -> r.fault().equals("kafka-leader"))
          .allMatch(r -> r.answers().keySet().equals(Set.of("200")));
    }
  }

  private final LocalStack stack;
  private final Settings settings;

  FaultSuite(LocalStack stack, Settings settings) {
    this.stack = stack;
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (!opts.keySet().containsAll(List.of("repo", "stack-dir", "port-offset", "out"))) {
      throw new IllegalArgumentException("usage: FaultSuite --repo DIR --stack-dir DIR --port-offset N [--rate 1000]"
          + " [--kafka-rate 100] [--down-seconds 20] [--faults a,b] --out FILE");
    }
    LocalStack stack = new LocalStack(Path.of(opts.get("repo")), Path.of(opts.get("stack-dir")),
        Integer.parseInt(opts.get("port-offset")));
    Settings settings = new Settings(
        Double.parseDouble(opts.getOrDefault("rate", "1000")),
        Double.parseDouble(opts.getOrDefault("kafka-rate", "100")),
        Duration.ofSeconds(Long.parseLong(opts.getOrDefault("down-seconds", "20"))),
        Duration.ofSeconds(20),
        opts.containsKey("faults") ? List.of(opts.get("faults").split(",")) : names(ALL));
    Path out = Path.of(opts.get("out"));
    Outcome outcome = startAndRun(stack, settings, out);
    System.out.println(Files.readString(out));
    System.exit(outcome.holds() ? 0 : 1);
  }

  /** A fresh cluster stack, the suite, the report to {@code out}; the stack is stopped afterwards. */
  static Outcome startAndRun(LocalStack stack, Settings settings, Path out) throws Exception {
    stack.run("reset");
    stack.run("up", "--cluster");
    try {
      Outcome outcome = new FaultSuite(stack, settings).run();
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report(outcome, settings));
      return outcome;
    } finally {
      stack.run("down");
    }
  }

  Outcome run() throws Exception {
    PulseApi api = new PulseApi(stack);
    String httpSource = "faults-http-" + Instant.now().getEpochSecond();
    String directSource = "faults-direct-" + Instant.now().getEpochSecond();
    List<Row> rows = new ArrayList<>();
    try (SpikeLoad http = new SpikeLoad(stack.apiUrls(), api.mintKey(httpSource, 1_000_000), httpSource, 20, 8);
        DirectLoad direct = new DirectLoad(stack.kafkaBootstrap(), stack.registryUrl(), directSource);
        ServedReads reads = new ServedReads(stack.apiUrls(), stack.adminKey(), httpSource);
        FaultPages pages = new FaultPages(stack)) {
      List<FaultPages.Breach> breaches = pages.arm(settings.faults());
      for (Fault fault : ALL) {
        if (settings.faults().contains(fault.name())) {
          FaultPages.Breach breach = breaches.get(settings.faults().indexOf(fault.name()));
          rows.add(inject(fault, http, direct, reads, pages, breach));
          System.out.println("fault " + fault.name() + ": " + rows.get(rows.size() - 1));
        }
      }
      Set<String> expected = new HashSet<>(http.acceptedEventIds());
      expected.addAll(direct.acknowledgedEventIds());
      long missing = missingFromArchive(expected, Set.of(httpSource, directSource));
      pages.awaitAllPaged(breaches, Duration.ofMinutes(1));
      Map<String, Integer> pagesAtEnd = new java.util.LinkedHashMap<>();
      breaches.forEach(b -> pagesAtEnd.put(b.fault(), pages.triggers(b)));
      return new Outcome(rows, expected.size(), missing, pagesAtEnd);
    }
  }

  private Row inject(Fault fault, SpikeLoad http, DirectLoad direct, ServedReads reads, FaultPages pages,
      FaultPages.Breach breach) throws Exception {
    int resendsBefore = direct.failedSends();
    // The load runs until the part is back and freshness has recovered, then a calm stretch more.
    Duration atMost = PATIENCE.multipliedBy(3);
    CompletableFuture<SpikeLoad.Phase> httpPhase = CompletableFuture.supplyAsync(() -> uninterrupted(
        () -> http.run(fault.name(), settings.httpRate(), atMost)));
    CompletableFuture<Void> directPhase = CompletableFuture.runAsync(() -> uninterrupted(() -> {
      direct.run(settings.kafkaRate(), atMost);
      return null;
    }));
    long calmFrom = System.nanoTime();
    Thread.sleep(settings.calm().toMillis());
    double usual = Math.max(10, 2 * worstFreshness(reads.since(calmFrom)));
    String component = fault.component().apply(stack);
    long killedAt = System.nanoTime();
    kill(component);
    boolean breached = pages.breach(breach);
    Thread.sleep(Math.max(0, settings.down().toMillis() - (System.nanoTime() - killedAt) / 1_000_000));
    stack.run("start", component);
    double restartSeconds = (System.nanoTime() - killedAt) / 1e9;
    boolean settled = awaitFreshness(reads, killedAt, usual);
    Thread.sleep(settings.calm().toMillis());
    http.stop();
    direct.stop();
    SpikeLoad.Phase phase = httpPhase.get();
    directPhase.get();
    if (!http.awaitAllAccepted(PATIENCE) || !direct.awaitAllAcknowledged(PATIENCE)) {
      throw new IllegalStateException("the load was not acknowledged within " + PATIENCE + " after " + fault.name());
    }
    Map<String, Long> accepted = Map.of(http.source(), http.eventsAccepted(), direct.source(), direct.acknowledged());
    Map<String, Double> served = awaitServed(reads, accepted);
    List<ServedReads.Read> during = reads.since(killedAt);
    int paged = breached ? pages.triggers(breach) : -1; // by the recount's end; -1: no instance took the breach
    return new Row(fault.name(), fault.effect(), component, restartSeconds, phase.answerCounts(),
        phase.longestSecondsWithoutAcceptance(), longestFailedStretch(during), worstFreshness(during),
        backWithin(during, killedAt, FRESHNESS_SLO.toMillis()),
        settled ? Optional.of(backWithin(during, killedAt, (long) (usual * 1000))) : Optional.empty(),
        accepted, served, direct.failedSends() - resendsBefore, paged);
  }

  /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
  private void kill(String component) {
    ProcessHandle process = stack.process(component)
        .orElseThrow(() -> new IllegalStateException(component + " is not running"));
    process.destroyForcibly();
    process.onExit().join();
  }

  private static String leaderOfPartitionZero(LocalStack stack) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      int leader = admin.describeTopics(List.of("events.raw")).allTopicNames().get().get("events.raw")
          .partitions().get(0).leader().id();
      return "kafka-" + leader;
    } catch (Exception e) {
      throw new IllegalStateException("cannot find the leader of events.raw partition 0", e);
    }
  }

  /**
   * Waits until a read answers with freshness at most {@code usualSeconds} again (what it was before
   * the fault); false if that did not happen in time.
   */
  private static boolean awaitFreshness(ServedReads reads, long killedAt, double usualSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<ServedReads.Read> during = reads.since(killedAt);
      if (!during.isEmpty()) {
        ServedReads.Read last = during.get(during.size() - 1);
        if (last.ok() && last.freshnessMs() <= usualSeconds * 1000) {
          return true;
        }
      }
      Thread.sleep(500);
    }
    return false;
  }

  /**
   * Seconds from the kill until the read after the last one that failed or was staler than
   * {@code limitMs}; 0 if none was.
   */
  private static double backWithin(List<ServedReads.Read> reads, long killedAt, long limitMs) {
    Optional<Long> lastOutside = reads.stream().filter(r -> !r.ok() || r.freshnessMs() > limitMs)
        .map(ServedReads.Read::nanos).reduce((a, b) -> b);
    return lastOutside.map(outside -> reads.stream().map(ServedReads.Read::nanos).filter(n -> n > outside)
        .findFirst().map(back -> (back - killedAt) / 1e9).orElse(Double.NaN)).orElse(0.0);
  }

  private static double longestFailedStretch(List<ServedReads.Read> reads) {
    double longest = 0;
    Long failingSince = null;
    for (ServedReads.Read read : reads) {
      if (!read.ok() && failingSince == null) {
        failingSince = read.nanos();
      } else if (read.ok() && failingSince != null) {
        longest = Math.max(longest, (read.nanos() - failingSince) / 1e9);
        failingSince = null;
      }
    }
    return longest;
  }

  private static double worstFreshness(List<ServedReads.Read> reads) {
    return reads.stream().filter(ServedReads.Read::ok).mapToLong(ServedReads.Read::freshnessMs).max().orElse(0) / 1000.0;
  }

  /**
   * Each source's served count, once every one reaches what its generator was acknowledged, read
   * again after the job's next emissions, so that a count above it shows too. A source whose count
   * could not be read counts as -1.
   */
  private static Map<String, Double> awaitServed(ServedReads reads, Map<String, Long> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, Double> served = servedBySource(reads, expected.keySet());
    while (System.nanoTime() < deadline) {
      Map<String, Double> now = servedBySource(reads, expected.keySet());
      served = now;
      if (expected.entrySet().stream().allMatch(e -> now.get(e.getKey()) >= e.getValue())) {
        Thread.sleep(5_000);
        return servedBySource(reads, expected.keySet());
      }
      Thread.sleep(1_000);
    }
    return served;
  }

  private static Map<String, Double> servedBySource(ServedReads reads, Set<String> sources) {
    Map<String, Double> served = new HashMap<>();
    sources.forEach(source -> served.put(source, reads.served(source).orElse(-1.0)));
    return served;
  }

  /** Acknowledged event ids that the archive does not hold, once it had time to commit them. */
  private long missingFromArchive(Set<String> expected, Set<String> sources) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    long missing = expected.size();
    while (System.nanoTime() < deadline) {
      Set<String> archived = new HashSet<>();
      try (ArchiveReader archive = ArchiveReader.local(stack)) {
        if (archive.exists("page_view")) {
          for (Record row : archive.rows("page_view", Expressions.alwaysTrue())) {
            if (sources.contains(String.valueOf(row.getField("source")))) {
              archived.add(String.valueOf(row.getField("event_id")));
            }
          }
        }
      }
      missing = expected.stream().filter(id -> !archived.contains(id)).count();
      if (missing == 0) {
        return 0;
      }
      Thread.sleep(5_000);
    }
    return missing;
  }

  private static List<String> names(List<Fault> faults) {
    return faults.stream().map(Fault::name).toList();
  }

  private interface Interruptible<T> {
    T call() throws InterruptedException;
  }

  private static <T> T uninterrupted(Interruptible<T> work) {
    try {
      return work.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String report(Outcome outcome, Settings settings) {
    StringBuilder text = new StringBuilder(String.format(
        """
        # Fault suite on the cluster topology

        - When: %s
        - Machine: %s; the whole cluster topology (ops/stack up --cluster) on it, the load too
        - Load, throughout: %,.0f page views/s over HTTP in batches of 20 to both API instances (a batch with no
          answer is retried on the other; 429/503 after Retry-After), and %,.0f/s straight to Kafka (acks=all,
          idempotent; a failed send goes again with the same id).
        - Each fault: %d s of load, SIGKILL of the part, %d s down, `ops/stack start` starts it again and waits
          for its health; the load runs on until freshness is back to what it was before the kill (twice the
          worst of the calm before it, at least 10 s), and %d s more; then it
          pauses until all is acknowledged, and the recount compares what the load generators were
          acknowledged with event_count served for their two sources (every event counted once: lost 0,
          counted twice 0). Freshness is the freshness_ms of a read every 0.5 s; its SLO is %d s.
        - Alerts: each fault has a threshold rule of its own (event_count of purchases of its own tenant above
          3 in 10 s, paging a PagerDuty routing key of its own); right after the kill, 5 purchases breach it,
          posted to whichever API instance takes them. On-call must get exactly 1 page (a PagerDuty trigger
          at the local receiver) for it: 0 is a lost alert, 2 a repeat.

        | fault | killed | what it does | healthy again after | HTTP answers | longest stretch without an accepted batch | longest stretch of failed reads | worst freshness | back within SLO after | freshness as before the fault after | Kafka sends retried | accepted | served | lost | counted twice | pages for the breach by the recount's end |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
        """,
        Instant.now(), Latencies.machine(), settings.httpRate(), settings.kafkaRate(), settings.calm().toSeconds(),
        settings.down().toSeconds(), settings.calm().toSeconds(), FRESHNESS_SLO.toSeconds()));
    for (Row row : outcome.rows()) {
      text.append(String.format("| %s | %s | %s | %.0f s | %s | %.1f s | %.1f s | %.1f s | %s | %s | %,d | %,d | %,.0f | %,d | %,d | %d |%n",
          row.fault(), row.killed(), row.effect(), row.restartSeconds(), row.answers(), row.ingestErrorSeconds(),
          row.readErrorSeconds(), row.worstFreshnessSeconds(),
          row.sloRecoverySeconds() == 0 ? "never left it" : String.format("%.1f s", row.sloRecoverySeconds()),
          row.settledSeconds().map(s -> s == 0 ? "never left it" : String.format("%.1f s", s))
              .orElse("NOT within " + PATIENCE.toMinutes() + " min"),
          row.kafkaResends(), row.acceptedInAll(), row.servedInAll(), row.lost(), row.countedTwice(), row.pages()));
    }
    text.append(String.format(
        """

        - Archive: %,d acknowledged event ids in all, %,d missing from the Iceberg archive (read with Iceberg's own reader).
        - Pages per breach when the suite ended (a late page or a repeat shows here): %s: %s
        - A broker's loss: %s
        - Verdict: %s
        """,
        outcome.acceptedInAll(), outcome.missingFromArchive(), outcome.pagesAtEnd(),
        outcome.pagedOnceEach() ? "every breach paged once" : "NOT every breach paged exactly once",
        outcome.brokerLossAnsweredEveryBatch() ? "every batch answered 200" : "batches were turned away or unanswered",
        outcome.holds()
            ? "holds: lost 0, counted twice 0 after every fault, nothing missing from the archive, every breach paged"
                + " once, every batch taken while a broker was down"
            : "FAILS"));
    return text.toString();
  }
}
