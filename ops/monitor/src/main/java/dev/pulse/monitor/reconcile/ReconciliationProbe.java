package dev.pulse.monitor.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.monitor.archive.ArchiveClient;
import dev.pulse.monitor.pinot.PinotClient;
import dev.pulse.monitor.probe.FinalMinutes;
import dev.pulse.monitor.probe.Probe;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The exact audit, per minute of event time once it is final (Chaperone's and LinkedIn's "balance
 * the books"): the events accepted, minus dead letters and duplicates ({@link EventTally}'s
 * recount of events.raw), against what each later stage holds for that minute:
 *
 * <ul>
 *   <li>{@code aggregation}: the pre-aggregation's {@code event_count} in Pinot, over every tenant
 *       and dimension, once the minute's window is final and committed ({@code settle} after it);
 *   <li>{@code archive}: distinct archived events, once the archive job has committed the minute
 *       ({@code archiveSettle} after it: it commits a checkpoint interval apart).
 * </ul>
 *
 * A deficit names the stage where events went missing; a surplus, where they were counted twice.
 * Only the newest minute judged is exported per stage, with its minute as a label.
 */
public class ReconciliationProbe implements Probe {

  private final EventTally tally;
  private final PinotClient pinot;
  private final String table;
  private final String countMetric;
  private final ArchiveClient archive;
  private final Duration settle;
  private final Duration archiveSettle;
  private final Clock clock;
  private final Gauge expected;
  private final Gauge found;
  private final Gauge deficit;
  private final Gauge duplicates;
  private final Gauge deadLetters;
  private final Map<String, String> exportedMinute = new HashMap<>();

  public ReconciliationProbe(EventTally tally, PinotClient pinot, String table, String countMetric,
      ArchiveClient archive, Duration settle, Duration archiveSettle, Clock clock, PrometheusRegistry registry) {
    this.tally = tally;
    this.pinot = pinot;
    this.table = table;
    this.countMetric = countMetric;
    this.archive = archive;
    this.settle = settle;
    this.archiveSettle = archiveSettle;
    this.clock = clock;
    String[] labels = {"stage", "minute"};
    this.expected = Gauge.builder().name("pulse_reconciliation_expected_events")
        .help("Events accepted in the minute of event time, minus dead letters and duplicates (the recount)")
        .labelNames(labels).register(registry);
    this.found = Gauge.builder().name("pulse_reconciliation_found_events")
        .help("Events the stage holds for that minute").labelNames(labels).register(registry);
    this.deficit = Gauge.builder().name("pulse_reconciliation_deficit")
        .help("Expected minus found: above 0 events went missing in the stage, below 0 were counted twice")
        .labelNames(labels).register(registry);
    this.duplicates = Gauge.builder().name("pulse_reconciliation_duplicates")
        .help("Duplicate submits of events in the newest judged minute").labelNames("minute").register(registry);
    this.deadLetters = Gauge.builder().name("pulse_reconciliation_dead_letters")
        .help("Undecodable records of events.raw in the newest judged minute (by record time)")
        .labelNames("minute").register(registry);
  }

  @Override
  public String name() {
    return "reconciliation";
  }

  @Override
  public void run() throws Exception {
    if (!tally.running()) {
      throw new IllegalStateException("the recount of events.raw stopped; see the monitor's log");
    }
    long now = clock.millis();
    long aggregatedMinute = FinalMinutes.lastFinal(now, settle);
    if (readyToJudge(aggregatedMinute)) {
      EventTally.Minute recount = tally.minute(aggregatedMinute);
      export("aggregation", aggregatedMinute, recount.distinct(), aggregated(aggregatedMinute));
      String minute = label(aggregatedMinute);
      replace("recount", minute, () -> {
        duplicates.labelValues(minute).set(recount.duplicates());
        deadLetters.labelValues(minute).set(recount.undecodable());
      });
    }
    long archivedMinute = FinalMinutes.lastFinal(now, archiveSettle);
    if (readyToJudge(archivedMinute)) {
      export("archive", archivedMinute, tally.minute(archivedMinute).distinct(), archive.distinctEvents(archivedMinute));
    }
  }

  /** The recount must have read everything written by the end of the minute's settling. */
  private boolean readyToJudge(long minuteStart) {
    return tally.caughtUpAt() >= minuteStart + FinalMinutes.MINUTE;
  }

  private long aggregated(long minuteStart) throws Exception {
    JsonNode answer = pinot.query("SELECT SUM(value) FROM " + table + " WHERE metric = '" + countMetric
        + "' AND window_spec = '1m' AND window_start = " + minuteStart);
    JsonNode value = answer.path("resultTable").path("rows").path(0).path(0);
    double sum = value.asDouble(0);
    return Double.isFinite(sum) ? Math.round(sum) : 0;
  }

  private void export(String stage, long minuteStart, long expectedEvents, long foundEvents) {
    String minute = label(minuteStart);
    replace(stage, minute, () -> {
      expected.labelValues(stage, minute).set(expectedEvents);
      found.labelValues(stage, minute).set(foundEvents);
      deficit.labelValues(stage, minute).set(expectedEvents - foundEvents);
    });
  }

  /** Ends the series of the minute judged before, so that only the newest stands. */
  private void replace(String key, String minute, Runnable set) {
    String before = exportedMinute.put(key, minute);
    if (before != null && !before.equals(minute)) {
      if (key.equals("recount")) {
        duplicates.remove(before);
        deadLetters.remove(before);
      } else {
        expected.remove(key, before);
        found.remove(key, before);
        deficit.remove(key, before);
      }
    }
    set.run();
  }

  private static String label(long minuteStart) {
    return Instant.ofEpochMilli(minuteStart).toString();
  }
}
