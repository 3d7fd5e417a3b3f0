package dev.pulse.backfill.rewrite;

import dev.pulse.backfill.archive.ArchiveReader;
import dev.pulse.backfill.compare.Difference;
import dev.pulse.backfill.compare.ServedRows;
import dev.pulse.backfill.pinot.PinotController;
import dev.pulse.backfill.pinot.PinotController.LineageEntry;
import dev.pulse.backfill.recount.Recount;
import dev.pulse.backfill.request.Refused;
import dev.pulse.backfill.request.Restatement;
import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.catalog.MetricDefinition;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The backfill's subcommands over a checked {@link Restatement}: plan (what it would touch), dry
 * run and verify (served against recounted), run (recount and swap, day by day, resumable) and
 * revert (the swaps of a run, or the newest of each day).
 */
public final class Backfill {
  private final ArchiveReader archive;
  private final PinotController pinot;
  private final ServedRows served;
  private final DayRewrite days;
  private final Clock clock;
  private final PrintStream out;
  private int haltAfterSwapStarted;

  public Backfill(ArchiveReader archive, PinotController pinot, ServedRows served, DayRewrite days, Clock clock,
      PrintStream out) {
    this.archive = archive;
    this.pinot = pinot;
    this.served = served;
    this.days = days;
    this.clock = clock;
    this.out = out;
  }

  /**
   * Fault injection for tests of resume: the process halts, as a kill -9 would stop it, right after
   * the n-th day's swap has started (its lineage entry is in progress, its segment not uploaded).
   */
  public void haltAfterSwapStarted(int day) {
    this.haltAfterSwapStarted = day;
  }

  public void plan(Restatement request) throws Exception {
    out.println("restate " + request);
    out.printf("%-10s %14s  %s%n", "day", "archived rows", "segments replaced");
    for (LocalDate day : request.days()) {
      long rows = archive.rowsIn(request.fromIn(day), request.toIn(day));
      out.printf("%-10s %14d  %s%n", day, rows, days.segmentsOf(day));
    }
    out.println("metrics: " + String.join(", ", request.metricNames()));
  }

  /** Served against recounted, per metric and day; answers the differences found. */
  public List<Difference> compare(Restatement request) throws Exception {
    List<Difference> differences = new ArrayList<>();
    out.println(Difference.header());
    for (LocalDate day : request.days()) {
      List<AggregateRecord> recount = new Recount(archive).windows(request.catalog(), request.tenants(),
          request.fromIn(day), request.toIn(day), clock.millis(), () -> {});
      Map<String, List<AggregateRecord>> byMetric = recount.stream().collect(Collectors.groupingBy(AggregateRecord::metric));
      for (MetricDefinition metric : request.catalog().metrics()) {
        Difference difference = Difference.of(metric.name(), day.toString(), metric.windows().get(0).id(),
            served.read(metric.name(), request.fromIn(day).toEpochMilli(), request.toIn(day).toEpochMilli(), request.tenants()),
            byMetric.getOrDefault(metric.name(), List.of()));
        out.println(difference.line());
        differences.add(difference);
      }
    }
    return differences;
  }

  /** Restates every day of the request not yet done in this run's ledger; the caller holds the days' locks. */
  public void run(Restatement request, RunLedger ledger) throws Exception {
    List<LocalDate> todo = request.days();
    List<String> timings = new ArrayList<>();
    long rows = 0;
    for (LocalDate day : todo) {
      rows += archive.rowsIn(request.fromIn(day), request.toIn(day));
    }
    try (Progress progress = new Progress(rows, todo.size())) {
      for (int i = 0; i < todo.size(); i++) {
        LocalDate day = todo.get(i);
        int dayNumber = i + 1;
        RunLedger.DaySwap done = ledger.day(day.toString());
        if (done != null && done.completed) {
          progress.day(i + 1, day.toString(), "done before");
          continue;
        }
        progress.day(i + 1, day.toString(), "recounting");
        long restatedAt = clock.millis();
        long recountStarted = System.nanoTime();
        List<AggregateRecord> recount = new Recount(archive).windows(request.catalog(), request.tenants(),
            request.fromIn(day), request.toIn(day), restatedAt, progress::row);
        long swapStarted = System.nanoTime();
        progress.day(i + 1, day.toString(), "swapping");
        DayRewrite.Swapped swapped = days.rewrite(request, day, recount, restatedAt, ledger.record().runId, swap -> {
          RunLedger.DaySwap record = new RunLedger.DaySwap();
          record.lineageEntryId = swap.lineageEntryId();
          record.replaced = swap.replaced();
          record.segment = swap.segment();
          record.rows = swap.rows();
          record.restatedAt = restatedAt;
          ledger.started(day.toString(), record);
          if (haltAfterSwapStarted == dayNumber) {
            Runtime.getRuntime().halt(137);
          }
        });
        ledger.completed(day.toString());
        progress.day(i + 1, day.toString(), "swapped " + swapped.rows() + " rows");
        timings.add(String.format("day %s: recounted %d windows in %.1f s, built and swapped %d rows in %.1f s", day,
            recount.size(), (swapStarted - recountStarted) / 1e9, swapped.rows(), (System.nanoTime() - swapStarted) / 1e9));
      }
    }
    ledger.finished();
    timings.forEach(out::println);
    out.println("run " + ledger.record().runId + " restated " + todo.size() + " day(s) " + request);
  }

  /** Reverts the swaps of a run, newest day first. */
  public void revertRun(RunLedger ledger) throws Exception {
    List<Map.Entry<String, RunLedger.DaySwap>> swaps = new ArrayList<>(ledger.record().days.entrySet());
    swaps.sort(Map.Entry.<String, RunLedger.DaySwap>comparingByKey().reversed());
    for (Map.Entry<String, RunLedger.DaySwap> swap : swaps) {
      revert(swap.getKey(), swap.getValue().lineageEntryId, !swap.getValue().completed);
    }
  }

  /** Reverts the newest completed swap of each day of the request. */
  public void revertNewest(Restatement request) throws Exception {
    List<LineageEntry> lineage = pinot.lineage();
    for (LocalDate day : request.days()) {
      String prefix = DayRewrite.prefix(pinot.table(), day);
      LineageEntry newest = lineage.stream()
          .filter(e -> "COMPLETED".equals(e.state()) && e.to().stream().anyMatch(s -> s.startsWith(prefix)))
          .max(Comparator.comparingLong(LineageEntry::timestamp)).orElse(null);
      if (newest == null) {
        throw new Refused("day " + day + " has no restatement to revert");
      }
      revert(day.toString(), newest.id(), false);
    }
  }

  private void revert(String day, String lineageEntryId, boolean inProgress) throws Exception {
    try {
      pinot.revertReplace(lineageEntryId, inProgress);
      out.println("reverted " + day + " (lineage entry " + lineageEntryId + ")");
    } catch (java.io.IOException e) {
      if (e.getMessage().contains("appear in 'segmentsFrom' of another lineage entry")) {
        throw new Refused("day " + day + " was restated again after this; revert that restatement first");
      }
      throw e;
    }
  }
}
