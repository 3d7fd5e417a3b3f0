package dev.pulse.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A stack started by {@code ops/stack} exactly as a user starts it, on its own ports (offset from
 * the defaults, so a developer's own stack can keep running) and its own run directory.
 */
final class LocalStack {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(15);
  /** The scheduler's grouping interval in the tests' stack: short enough to watch it end. */
  static final Duration GROUPING_INTERVAL = Duration.ofSeconds(20);
  private static final int RECEIVER_PORT = 9911;
  static final Duration ARCHIVE_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  private final Path repo;
  private final Path runDir;
  private final int portOffset;

  LocalStack(Path repo, Path runDir, int portOffset) {
    this.repo = repo;
    this.runDir = runDir;
    this.portOffset = portOffset;
  }

  static LocalStack fromEnvironment() {
    Path repo = Path.of(System.getenv().getOrDefault("PULSE_REPO", "../..")).toAbsolutePath().normalize();
    Path runDir = Path.of(System.getProperty("stack.dir", "target/stack")).toAbsolutePath();
    int offset = Integer.parseInt(System.getProperty("stack.portOffset", "20000"));
    return new LocalStack(repo, runDir, offset);
  }

  /**
   * Wipes any earlier run directory, then {@code ops/stack up}: the single-node topology, or the
   * cluster topology when the tests run with {@code -DstackTopology=cluster}.
   */
  void startFresh() {
    run("reset");
    if ("cluster".equals(System.getProperty("stack.topology"))) {
      run("up", "--cluster");
    } else {
      run("up");
    }
  }

  void run(String... command) {
    run(Map.of(), command);
  }

  /** Runs ops/stack with more environment: a fault to inject at the next start, say. */
  void run(Map<String, String> extraEnvironment, String... command) {
    List<String> argv = new java.util.ArrayList<>(List.of(repo.resolve("ops/stack").toString()));
    argv.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(argv).directory(repo.toFile()).inheritIO();
    Map<String, String> env = builder.environment();
    env.put("STACK_DIR", runDir.toString());
    env.put("STACK_PORT_OFFSET", String.valueOf(portOffset));
    // Pages go to the tests' own receiver (WebhookReceiver), never to PagerDuty or Slack.
    env.put("ALERT_PAGERDUTY_URL", receiverUrl() + "/v2/enqueue");
    env.put("ALERT_SLACK_BASE_URL", receiverUrl());
    // Keys are checked in PostgreSQL again after 2 s, so that DatabaseOutageIT sees a revocation,
    // and the trust in known keys during an outage, without waiting the default 30 s.
    env.put("PULSE_API_KEYS_CHECK_EVERY", "2 seconds");
    // Likewise the event schemas: DatabaseOutageIT then ingests on the last version seen, as an
    // instance would more than 30 s into an outage (the registry keeps its schemas in PostgreSQL).
    env.put("PULSE_SCHEMA_CACHE_TTL", "2 seconds");
    env.put("PULSE_ALERT_GROUPING_INTERVAL", GROUPING_INTERVAL.toSeconds() + "s");
    // E-mail goes to the tests' own SMTP server (GreenMail, plain SMTP on loopback).
    env.put("PULSE_SMTP_HOST", "127.0.0.1");
    env.put("PULSE_SMTP_PORT", String.valueOf(smtpPort()));
    env.put("PULSE_SMTP_TLS", "NONE");
    env.put("PULSE_SMTP_FROM", "pulse-alerts@stack.test");
    // The archive commits at each checkpoint: 10 s instead of a minute keeps the tests short.
    env.put("PULSE_ARCHIVE_CHECKPOINT_INTERVAL", ARCHIVE_CHECKPOINT_INTERVAL.toSeconds() + " s");
    // The reconciliation judges a minute in the archive once it is committed: sooner with 10 s checkpoints.
    env.put("PULSE_RECONCILIATION_ARCHIVE_SETTLE", "50s");
    // The offset audit judges periods of a minute instead of an hour, so that a test sees several.
    env.put("PULSE_OFFSET_AUDIT_PERIOD", "1m");
    // History's Minion tasks run when a test asks for them, not on their schedules.
    env.put("PULSE_PINOT_TASK_SCHEDULER", "false");
    env.putAll(extraEnvironment);
    try {
      Process process = builder.start();
      if (!process.waitFor(COMMAND_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("ops/stack " + String.join(" ", command) + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "ops/stack " + String.join(" ", command) + " exited with " + process.exitValue()
                + "; logs in " + runDir.resolve("logs"));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ops/stack", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a command printed (stdout and stderr together) and how it exited. */
  record Outcome(int exit, String output) {}

  /** Runs ops/backfill against this stack, as a data engineer would. */
  Outcome backfill(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of(repo.resolve("ops/backfill").toString()));
    argv.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true);
    builder.environment().put("STACK_DIR", runDir.toString());
    builder.environment().put("STACK_PORT_OFFSET", String.valueOf(portOffset));
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("ops/backfill " + String.join(" ", args) + " did not finish");
      }
      System.out.println("ops/backfill " + String.join(" ", args) + " -> " + process.exitValue() + "\n" + output);
      return new Outcome(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ops/backfill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills a component's process the hard way, as a crash would. */
  void kill9(String component) throws IOException, InterruptedException {
    String pid = Files.readString(runDir.resolve("run/" + component + ".pid")).trim();
    new ProcessBuilder("kill", "-9", pid).inheritIO().start().waitFor();
  }

  /** SIGSTOP or SIGCONT: a process that hangs (a GC pause, a stuck disk) without dying. */
  void signal(String component, String signal) throws IOException, InterruptedException {
    String pid = Files.readString(runDir.resolve("run/" + component + ".pid")).trim();
    int exit = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill -" + signal + " " + component + " exited with " + exit);
    }
  }

  URI prometheusUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_PROMETHEUS_PORT"));
  }

  URI alertmanagerUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_ALERTMANAGER_PORT"));
  }

  /** The pipeline monitor; its metrics are at /admin/prometheus. */
  URI monitorUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_MONITOR_PORT"));
  }

  URI apiUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_API_PORT"));
  }

  /** The API's admin port: health checks and the Prometheus metrics. */
  URI apiAdminUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_API_ADMIN_PORT"));
  }

  /** Every API instance: two in the cluster topology. */
  List<URI> apiUrls() {
    int port = port("STACK_API_PORT");
    return cluster() ? List.of(apiUrl(), URI.create("http://127.0.0.1:" + (port + 100))) : List.of(apiUrl());
  }

  boolean cluster() {
    return "cluster".equals(setting("STACK_TOPOLOGY"));
  }

  /** The process of a running component, from its pid file. */
  java.util.Optional<ProcessHandle> process(String component) {
    try {
      long pid = Long.parseLong(Files.readString(runDir.resolve("run").resolve(component + ".pid")).trim());
      return ProcessHandle.of(pid);
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  String kafkaBootstrap() {
    return "127.0.0.1:" + port("STACK_KAFKA_PORT");
  }

  String registryUrl() {
    return "http://127.0.0.1:" + port("STACK_REGISTRY_PORT");
  }

  URI pinotBrokerUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_PINOT_BROKER_PORT"));
  }

  URI pinotControllerUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_PINOT_CONTROLLER_PORT"));
  }

  /** The classpath ops/stack runs Pinot with, for Pinot's own admin commands. */
  Path pinotClasspathFile() {
    return repo.resolve("ops/runtime/pinot/target/runtime.classpath");
  }

  /** Where the stack's scheduler posts PagerDuty and Slack messages: a {@link WebhookReceiver}. */
  int receiverPort() {
    return RECEIVER_PORT + portOffset;
  }

  /** Where the stack's scheduler sends e-mail: a GreenMail SMTP server in the test JVM. */
  int smtpPort() {
    return receiverPort() + 3; // +1 and +2 are a second scheduler's (AlertingIT)
  }

  private String receiverUrl() {
    return "http://127.0.0.1:" + receiverPort();
  }

  URI schedulerUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_SCHEDULER_PORT"));
  }

  URI schedulerAdminUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_SCHEDULER_ADMIN_PORT"));
  }

  String schedulerToken() {
    try {
      return Files.readString(runDir.resolve("scheduler-admin-token")).trim();
    } catch (IOException e) {
      throw new IllegalStateException("the stack has no scheduler token", e);
    }
  }

  Path repo() {
    return repo;
  }

  int postgresPort() {
    return port("STACK_POSTGRES_PORT");
  }

  URI flinkUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_FLINK_UI_PORT"));
  }

  Path runDir() {
    return runDir;
  }

  /** The archive service (counts, upkeep). */
  URI archiveUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_ARCHIVE_PORT"));
  }

  /** The archive job's Flink web UI. */
  URI archiveJobUrl() {
    return URI.create("http://127.0.0.1:" + port("STACK_ARCHIVE_UI_PORT"));
  }

  String archiveToken() {
    try {
      return Files.readString(runDir.resolve("archive-admin-token")).trim();
    } catch (IOException e) {
      throw new IllegalStateException("the stack has no archive token", e);
    }
  }

  /** Where the local archive's files are. */
  Path archiveWarehouse() {
    return runDir.resolve("data/archive/warehouse");
  }

  /** The dev admin key that ops/stack wrote. */
  String adminKey() {
    try {
      return Files.readString(runDir.resolve("dev-admin-key")).trim();
    } catch (IOException e) {
      throw new IllegalStateException("the stack has no dev admin key", e);
    }
  }

  /** The catalog file the stack's job and API watch. */
  Path catalogFile() {
    return runDir.resolve("conf/metric-catalog.yml");
  }

  private int port(String name) {
    return Integer.parseInt(setting(name));
  }

  private String setting(String name) {
    Properties settings = new Properties();
    try (var in = Files.newBufferedReader(runDir.resolve("stack.env"))) {
      settings.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("the stack has not been started", e);
    }
    return settings.getProperty(name);
  }
}
