package dev.pulse.api.query;

import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link RecentRows} current, on one thread: every {@code refreshEvery}, one Pinot query
 * fetches each held tenant's rows emitted since it was last complete (a partition that lags holds
 * that time back until it catches up); once a minute, windows older than {@code span} and tenants
 * nobody reads are dropped, and tenants loaded longer than {@code reloadEvery} ago are loaded afresh.
 * The reload bounds how long a row could stay missing should Pinot ever report consumption beyond
 * what a query saw (a consuming segment that has indexed nothing yet is left out of its figure).
 */
public class RecentRowsFeed implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(RecentRowsFeed.class);

  private final RecentRowsSource source;
  private final RecentRows rows;
  private final RecentRowsFactory settings;
  private final Clock clock;
  private ScheduledExecutorService thread;
  private long expiredAt = Long.MIN_VALUE;

  RecentRowsFeed(RecentRowsSource source, RecentRows rows, RecentRowsFactory settings, Clock clock,
      PrometheusRegistry registry) {
    this.source = source;
    this.rows = rows;
    this.settings = settings;
    this.clock = clock;
    GaugeWithCallback.builder().name("pulse_query_recent_rows_bytes")
        .help("estimated memory held by recent rows").callback(cb -> cb.call(rows.bytes())).register(registry);
    GaugeWithCallback.builder().name("pulse_query_recent_rows_tenants")
        .help("tenants whose recent rows are held").callback(cb -> cb.call(rows.tenants().size())).register(registry);
  }

  @Override
  public void start() {
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "recent-rows-feed");
      t.setDaemon(true);
      return t;
    });
    long every = settings.refreshEvery().toMillis();
    thread.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    thread.shutdownNow();
    rows.close();
  }

  /** One round; a failure leaves the rows as they were, and reads fall back once they are stale. */
  void round() {
    long started = clock.millis();
    try {
      fetchChanges(started);
      expire(started);
    } catch (RuntimeException e) {
      LOG.warn("The recent rows feed could not read Pinot; reads go to Pinot until it can: {}", e.toString());
    }
  }

  private void fetchChanges(long started) {
    List<TenantRows> held = List.copyOf(rows.tenants());
    if (held.isEmpty()) {
      rows.refreshed(started);
      return;
    }
    long since = held.stream().mapToLong(TenantRows::completeUntil).min().orElseThrow();
    long from = held.stream().mapToLong(TenantRows::coveredFrom).min().orElseThrow();
    Set<String> names = Set.copyOf(held.stream().map(t -> t.tenant).toList());
    RecentRowsSource.Fetched changes = source.changes(names, from, since, settings.maxChangedRows(), started);
    if (changes.cut()) {
      LOG.warn("More than {} rows changed since the last fetch (query.recentRows.maxChangedRows); every tenant is"
          + " loaded afresh on its next read", settings.maxChangedRows());
      rows.clear();
      return;
    }
    LOG.debug("Fetched {} rows of {} tenants emitted since {}; complete until {}", changes.rows().size(), names.size(),
        since, changes.completeUntil());
    for (RecentRow row : changes.rows()) {
      rows.tenant(RecentRowsSource.tenantOf(row)).ifPresent(t -> t.apply(row));
    }
    held.forEach(t -> t.completeUntil(changes.completeUntil()));
    rows.evictBeyond(rows.maxBytes(), null);
    rows.refreshed(started);
  }

  private void expire(long now) {
    if (now - expiredAt < 60_000) {
      return;
    }
    expiredAt = now;
    long from = now - settings.span().toMillis();
    for (TenantRows held : List.copyOf(rows.tenants())) {
      if (now - held.lastReadAt() > settings.idleAfter().toMillis()) {
        rows.remove(held.tenant);
      } else if (now - held.loadedAt > settings.reloadEvery().toMillis()) {
        rows.reload(held.tenant);
      } else {
        held.dropBefore(from);
      }
    }
  }
}
