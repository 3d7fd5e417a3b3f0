package dev.pulse.backfill;

import dev.pulse.backfill.archive.ArchiveReader;
import dev.pulse.backfill.compare.Difference;
import dev.pulse.backfill.compare.ServedRows;
import dev.pulse.backfill.config.BackfillSettings;
import dev.pulse.backfill.corrections.CorrectionScopes;
import dev.pulse.backfill.corrections.CorrectionsTopic;
import dev.pulse.backfill.corrections.Watermark;
import dev.pulse.backfill.config.SettingsLoader;
import dev.pulse.backfill.pinot.PinotBroker;
import dev.pulse.backfill.pinot.PinotController;
import dev.pulse.backfill.request.Refused;
import dev.pulse.backfill.request.RequestChecks;
import dev.pulse.backfill.request.Restatement;
import dev.pulse.backfill.rewrite.Backfill;
import dev.pulse.backfill.rewrite.DayLocks;
import dev.pulse.backfill.rewrite.DayRewrite;
import dev.pulse.backfill.rewrite.RunLedger;
import dev.pulse.backfill.segments.HistorySegments;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code backfill plan|run|verify|revert --from --to [--metrics] [--tenants] [--catalog]}: restates
 * the history table from the raw archive. Exit status: 0 done, 1 verify found differences, 2 the
 * request was refused (nothing changed), 3 it failed part way (resume it with --resume).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    subcommands = {BackfillCli.Plan.class, BackfillCli.Run.class, BackfillCli.Verify.class, BackfillCli.Revert.class,
        BackfillCli.Corrections.class},
    description = "Restates Pulse's metric history from the raw archive, a UTC day at a time.")
public final class BackfillCli {
  static final int DIFFERENT = 1;
  static final int REFUSED = 2;
  static final int FAILED = 3;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BackfillCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof Refused) {
        cmd.getErr().println("refused: " + e.getMessage());
        return REFUSED;
      }
      cmd.getErr().println("failed: " + e);
      e.printStackTrace(cmd.getErr());
      return FAILED;
    }).execute(args));
  }

  /** Options every subcommand takes. */
  static final class Scope {
    @Option(names = "--config", description = "backfill.yml (default: the one in the jar, read with the environment)")
    Path config;

    @Option(names = "--from", description = "first window start restated: 2026-12-01 or 2026-12-01T03:00:00Z")
    String from;

    @Option(names = "--to", description = "end of the range, exclusive")
    String to;

    @Option(names = "--metrics", split = ",", description = "only these metrics (default: every metric of the catalog)")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--tenants", split = ",", description = "only these tenants (default: every tenant)")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--catalog", description = "restate with this catalog file instead of the live one")
    Path catalog;

    BackfillSettings settings() throws Exception {
      return SettingsLoader.load(config);
    }

    Restatement request(BackfillSettings settings) throws Refused {
      Path live = settings.liveCatalog();
      return new RequestChecks(Clock.systemUTC(), settings.allowedLateness(), settings.archive().retention())
          .check(from, to, metrics, tenants, catalog, live);
    }

    List<String> args() {
      List<String> args = new ArrayList<>(List.of("--from", from, "--to", to));
      if (!metrics.isEmpty()) {
        args.addAll(List.of("--metrics", String.join(",", metrics)));
      }
      if (!tenants.isEmpty()) {
        args.addAll(List.of("--tenants", String.join(",", tenants)));
      }
      if (catalog != null) {
        args.addAll(List.of("--catalog", catalog.toAbsolutePath().toString()));
      }
      return args;
    }
  }

  /** Everything a subcommand talks to, opened once. */
  static final class Parts implements AutoCloseable {
    final BackfillSettings settings;
    final ArchiveReader archive;
    final PinotController controller;
    final Backfill backfill;

    Parts(BackfillSettings settings) throws Exception {
      this.settings = settings;
      BackfillSettings.Pinot pinot = settings.pinot();
      this.archive = new ArchiveReader(settings.archive());
      this.controller = new PinotController(pinot.controller(), pinot.historyTable(), pinot.requestTimeout());
      ServedRows served = new ServedRows(new PinotBroker(pinot.broker(), pinot.requestTimeout()), pinot.historyTable(),
          pinot.realtimeTable());
      DayRewrite days = new DayRewrite(controller, new HistorySegments(controller.tableConfig(), controller.schema()),
          settings.workDir());
      this.backfill = new Backfill(archive, controller, served, days, Clock.systemUTC(), System.out);
    }

    DayLocks lock(List<LocalDate> days) throws Exception {
      var catalog = settings.archive().catalog();
      return DayLocks.take(catalog.get("uri"), catalog.get("jdbc.user"), catalog.get("jdbc.password"),
          settings.pinot().historyTable(), days);
    }

    @Override
    public void close() throws Exception {
      archive.close();
    }
  }

  @Command(name = "plan", description = "Shows the days, archived rows and segments a restatement would touch.")
  static final class Plan implements Callable<Integer> {
    @Mixin Scope scope;

    @Override
    public Integer call() throws Exception {
      BackfillSettings settings = scope.settings();
      Restatement request = scope.request(settings);
      try (Parts parts = new Parts(settings)) {
        parts.backfill.plan(request);
      }
      return 0;
    }
  }

  @Command(name = "run", description = "Recounts the range from the archive and swaps each day's segments.")
  static final class Run implements Callable<Integer> {
    @Mixin Scope scope;

    @Option(names = "--dry-run", description = "print the difference against what is served now, change nothing")
    boolean dryRun;

    @Option(names = "--resume", description = "continue an interrupted run by its id, skipping the days it finished")
    String resume;

    @Option(names = "--via-minion", description = "queue the run as a PulseArchiveSegmentsTask on Pinot's Minion, behind"
        + " every other rewrite of history, and wait for it (it restates with the live catalog)")
    boolean viaMinion;

    @Option(names = "--fault-halt-after-swap-started", hidden = true,
        description = "tests only: halt the process once the swap of this day (1 = the first) has started")
    int haltAfterSwapStarted;

    @Override
    public Integer call() throws Exception {
      BackfillSettings settings = scope.settings();
      RunLedger ledger = resume == null ? null : RunLedger.open(settings.workDir(), resume);
      if (ledger != null) {
        scope = rescope(scope, ledger.record().args);
      }
      Restatement request = scope.request(settings);
      if (viaMinion) {
        return queue(settings, request);
      }
      try (Parts parts = new Parts(settings)) {
        if (dryRun) {
          parts.backfill.compare(request);
          return 0;
        }
        try (DayLocks locks = parts.lock(request.days())) {
          if (ledger == null) {
            ledger = RunLedger.create(settings.workDir(), newRunId(), scope.args(), System.currentTimeMillis());
            System.out.println("run " + ledger.record().runId + " (resume with: backfill run --resume "
                + ledger.record().runId + ")");
          }
          parts.backfill.haltAfterSwapStarted(haltAfterSwapStarted);
          parts.backfill.run(request, ledger);
        }
      }
      return 0;
    }

    private int queue(BackfillSettings settings, Restatement request) throws Exception {
      if (scope.catalog != null || dryRun || resume != null) {
        throw new Refused("--via-minion restates with the live catalog, in full: not with --catalog, --dry-run or --resume");
      }
      PinotController controller = new PinotController(settings.pinot().controller(), settings.pinot().historyTable(),
          settings.pinot().requestTimeout());
      java.util.Map<String, String> configs = new java.util.HashMap<>();
      configs.put("from", request.from().toString());
      configs.put("to", request.to().toString());
      if (!scope.metrics.isEmpty()) {
        configs.put("metrics", String.join(",", scope.metrics));
      }
      if (!scope.tenants.isEmpty()) {
        configs.put("tenants", String.join(",", scope.tenants));
      }
      String task = controller.executeTask("PulseArchiveSegmentsTask", configs);
      System.out.println("queued " + task + " on the Minion");
      String state = "";
      while (!state.equals("COMPLETED") && !state.equals("FAILED") && !state.equals("TIMED_OUT") && !state.equals("ABORTED")) {
        Thread.sleep(2_000);
        String now = controller.taskState(task);
        if (!now.equals(state)) {
          System.out.println(task + " " + now);
          state = now;
        }
      }
      return state.equals("COMPLETED") ? 0 : FAILED;
    }

    private static Scope rescope(Scope given, List<String> recorded) {
      Scope scope = new Scope();
      new CommandLine(new ScopeOnly(scope)).parseArgs(recorded.toArray(String[]::new));
      scope.config = given.config;
      return scope;
    }

    static String newRunId() {
      return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
          + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
  }

  /** Parses a recorded run's arguments back into a scope. */
  @Command(name = "scope")
  static final class ScopeOnly {
    @Mixin Scope scope;

    ScopeOnly(Scope scope) {
      this.scope = scope;
    }
  }

  @Command(name = "verify", description = "Compares what is served with a recount; exits 1 on any difference.")
  static final class Verify implements Callable<Integer> {
    @Mixin Scope scope;

    @Override
    public Integer call() throws Exception {
      BackfillSettings settings = scope.settings();
      Restatement request = scope.request(settings);
      try (Parts parts = new Parts(settings)) {
        boolean same = parts.backfill.compare(request).stream().allMatch(Difference::isNone);
        System.out.println(same ? "verified: served equals the recount" : "DIFFERENT: served differs from the recount");
        return same ? 0 : DIFFERENT;
      }
    }
  }

  @Command(name = "revert", description = "Restores the segments a run replaced (--run), or each day's before its newest restatement.")
  static final class Revert implements Callable<Integer> {
    @Mixin Scope scope;

    @Option(names = "--run", description = "the run whose swaps to revert")
    String run;

    @Override
    public Integer call() throws Exception {
      BackfillSettings settings = scope.settings();
      if (run != null) {
        RunLedger ledger = RunLedger.open(settings.workDir(), run);
        List<LocalDate> days = ledger.record().days.keySet().stream().map(LocalDate::parse).toList();
        try (Parts parts = new Parts(settings); DayLocks locks = parts.lock(days)) {
          parts.backfill.revertRun(ledger);
        }
        return 0;
      }
      Restatement request = scope.request(settings);
      try (Parts parts = new Parts(settings); DayLocks locks = parts.lock(request.days())) {
        parts.backfill.revertNewest(request);
      }
      return 0;
    }
  }

  @Command(name = "corrections", description = "Merges metrics.corrections into history from a watermark: restates,"
      + " from the archive, the hours of every metric and tenant the corrections touch. Prints the new watermark last.")
  static final class Corrections implements Callable<Integer> {
    @Option(names = "--config", description = "backfill.yml (default: the one in the jar)")
    Path config;

    @Option(names = "--from-offsets", description = "the watermark: partition:offset,... (none: from the start)")
    String fromOffsets;

    @Override
    public Integer call() throws Exception {
      BackfillSettings settings = SettingsLoader.load(config);
      Watermark from = Watermark.parse(fromOffsets);
      Path live = settings.liveCatalog();
      RequestChecks checks = new RequestChecks(Clock.systemUTC(), settings.allowedLateness(), settings.archive().retention());
      CorrectionScopes scopes;
      try (CorrectionsTopic kafka = new CorrectionsTopic(settings.kafka().bootstrapServers())) {
        Watermark ends = kafka.endsOfCorrections();
        List<CorrectionsTopic.Correction> read = kafka.read(from);
        if (!read.isEmpty()) {
          kafka.awaitArchived(settings.kafka().archiveGroup(), settings.kafka().archiveWait());
        }
        Instant settled = checks.settled(live);
        scopes = CorrectionScopes.of(read, ends, settled);
        System.out.println("corrections read: " + read.size() + ", scopes: " + scopes.scopes().size());
      }
      try (Parts parts = new Parts(settings)) {
        int n = 0;
        for (CorrectionScopes.Scope scope : scopes.scopes()) {
          Restatement request = checks.check(scope.from().toString(), scope.to().toString(), List.of(scope.metric()),
              List.of(scope.tenant()), null, live);
          try (DayLocks locks = parts.lock(request.days())) {
            RunLedger ledger = RunLedger.create(settings.workDir(), "corrections-" + Run.newRunId() + "-" + (++n),
                List.of("--from", scope.from().toString(), "--to", scope.to().toString(), "--metrics", scope.metric(),
                    "--tenants", scope.tenant()), System.currentTimeMillis());
            parts.backfill.run(request, ledger);
          }
        }
      }
      System.out.println("watermark " + scopes.next());
      return 0;
    }
  }
}
