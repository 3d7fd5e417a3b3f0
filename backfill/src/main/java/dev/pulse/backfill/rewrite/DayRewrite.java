package dev.pulse.backfill.rewrite;

import dev.pulse.backfill.pinot.PinotController;
import dev.pulse.backfill.pinot.PinotController.LineageEntry;
import dev.pulse.backfill.pinot.PinotController.SegmentSpan;
import dev.pulse.backfill.request.Restatement;
import dev.pulse.backfill.segments.HistorySegments;
import dev.pulse.backfill.segments.SegmentFiles;
import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.history.Coverage;
import dev.pulse.contract.history.Coverage.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pinot.spi.data.readers.GenericRow;

/**
 * Rewrites one day of history as one new segment and swaps it in for the day's old ones through the
 * lineage API, so a reader sees the old day or the new one and never a mix or a gap. The new
 * segment holds the recounted rows, every old row the restatement does not replace, and the day's
 * coverage spans (old ones cut where this restatement replaces them, plus its own).
 */
public final class DayRewrite {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** What a day's swap did. */
  public record Swapped(String lineageEntryId, List<String> replaced, String segment, long rows) {}

  private final PinotController pinot;
  private final HistorySegments segments;
  private final Path workDir;

  public DayRewrite(PinotController pinot, HistorySegments segments, Path workDir) {
    this.pinot = pinot;
    this.segments = segments;
    this.workDir = workDir;
  }

  /** The segment name prefix of a day's segments; every generation adds a unique suffix. */
  public static String prefix(String table, LocalDate day) {
    return table + "__" + DAY.format(day) + "__";
  }

  /** Visible segments holding rows of the day. */
  public List<String> segmentsOf(LocalDate day) throws IOException {
    long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<String> names = new ArrayList<>();
    for (String name : pinot.visibleSegments()) {
      if (name.startsWith(prefix(pinot.table(), day))) {
        names.add(name);
      } else if (!name.contains("__")) { // another writer's segment: ask for its time range
        SegmentSpan span = pinot.span(name);
        if (span.startMillis() < end && span.endMillis() >= start) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * Reverts swaps of this day left in progress by a run that died: with the day's lock held, no
   * live rewrite can own them. Their new segments were never seen; the old ones still are.
   */
  public void clearAbandoned(LocalDate day, List<String> current) throws IOException {
    for (LineageEntry entry : pinot.lineage()) {
      boolean ofThisDay = entry.to().stream().anyMatch(s -> s.startsWith(prefix(pinot.table(), day)))
          || entry.from().stream().anyMatch(current::contains);
      if ("IN_PROGRESS".equals(entry.state()) && ofThisDay) {
        pinot.revertReplace(entry.id(), true);
      }
    }
  }

  /**
   * Rewrites the day.
   *
   * @param recount the recounted rows of the day's part of the range
   * @param onStarted told of the swap before its segment is uploaded, for the run's record
   */
  public Swapped rewrite(Restatement request, LocalDate day, List<AggregateRecord> recount, long restatedAt, String runId,
      SwapListener onStarted) throws Exception {
    List<String> current = segmentsOf(day);
    clearAbandoned(day, current);
    Path dayDir = workDir.resolve("build").resolve(runId).resolve(day.toString());
    deleteQuietly(dayDir); // what an interrupted attempt of this run left
    Files.createDirectories(dayDir);
    List<GenericRow> rows = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    for (String segment : current) {
      readOld(segment, dayDir, request, day, rows, spans);
    }
    List<Span> ours = request.spansIn(day, restatedAt);
    for (Span newer : ours) {
      List<Span> cut = new ArrayList<>();
      spans.forEach(old -> cut.addAll(old.minus(newer)));
      spans = cut;
    }
    spans.addAll(ours);
    rows.addAll(HistorySegments.rows(recount));
    spans.forEach(span -> rows.add(HistorySegments.toRow(span.toMarker())));

    String name = prefix(pinot.table(), day) + runId + "__" + restatedAt;
    Path built = segments.build(name, rows, Files.createDirectories(dayDir.resolve("out")));
    Path tar = SegmentFiles.tar(built, dayDir.resolve(name + ".tar.gz"));
    String entry = pinot.startReplace(current, List.of(name));
    onStarted.started(new Swapped(entry, current, name, rows.size()));
    pinot.upload(tar);
    pinot.endReplace(entry);
    deleteQuietly(dayDir);
    return new Swapped(entry, current, name, rows.size());
  }

  /** Told when a day's swap has started: the run records it before anything is uploaded. */
  public interface SwapListener {
    void started(Swapped swap) throws IOException;
  }

  private void readOld(String segment, Path dayDir, Restatement request, LocalDate day, List<GenericRow> kept,
      List<Span> spans) throws Exception {
    Path tar = dayDir.resolve(segment + ".old.tar.gz");
    pinot.download(segment, tar);
    Path dir = SegmentFiles.untar(tar, dayDir.resolve("old").resolve(segment));
    HistorySegments.read(dir, row -> {
      String metric = String.valueOf(row.getValue("metric"));
      String tenant = HistorySegments.tenantOf(row);
      long start = ((Number) row.getValue("window_start")).longValue();
      if (Coverage.isMarker(String.valueOf(row.getValue("window_spec")))) {
        spans.add(Coverage.spanOf(metric, tenant, start, ((Number) row.getValue("window_end")).longValue(),
            ((Number) row.getValue("emitted_at")).longValue()));
      } else if (!request.replaces(metric, tenant, start, day)) {
        kept.add(row);
      }
    });
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // build leftovers only; the next run of the day starts from a directory of its own
    }
  }
}
