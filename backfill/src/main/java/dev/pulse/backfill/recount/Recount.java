package dev.pulse.backfill.recount;

import dev.pulse.aggregation.ClosedWindows;
import dev.pulse.aggregation.PreAggregator;
import dev.pulse.aggregation.RawEvent;
import dev.pulse.backfill.archive.ArchiveReader;
import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recounts the windows that start in a range from the archived events, with the streaming job's
 * own aggregation code: the windows of the range need the events from its start to its end plus
 * the longest window.
 */
public final class Recount {
  /** Flushing panes this often keeps a day's recount to the memory of its windows. */
  private static final int FLUSH_EVERY = 100_000;

  private final ArchiveReader archive;

  public Recount(ArchiveReader archive) {
    this.archive = archive;
  }

  /** The longest window of the catalog: how far past a range its windows read. */
  public static Duration longestWindow(MetricCatalog catalog) {
    return catalog.metrics().stream().map(MetricDefinition::windows).flatMap(List::stream).map(WindowSpec::size)
        .max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /**
   * The final rows of every window of the catalog's metrics that starts in [from, to), counting only
   * the tenants listed (every tenant when none are).
   *
   * @param rowsRead told of every archived row read, for progress
   */
  public List<AggregateRecord> windows(MetricCatalog catalog, Set<String> tenants, Instant from, Instant to,
      long restatedAt, Runnable rowsRead) {
    PreAggregator panes = new PreAggregator(catalog);
    ClosedWindows windows = new ClosedWindows(from.toEpochMilli(), to.toEpochMilli());
    int[] sinceFlush = {0};
    archive.read(from, to.plus(longestWindow(catalog)), (RawEvent event) -> {
      if (!tenants.isEmpty() && !tenants.contains(event.tenant)) {
        return;
      }
      panes.add(event);
      if (++sinceFlush[0] >= FLUSH_EVERY) {
        panes.flush(windows::add);
        sinceFlush[0] = 0;
      }
    }, rowsRead);
    panes.flush(windows::add);
    List<AggregateRecord> rows = new ArrayList<>(windows.size());
    windows.emit(restatedAt, restatedAt, rows::add);
    return rows;
  }
}
