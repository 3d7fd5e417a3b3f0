package dev.pulse.api.query;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent realtime rows of the tenants being read, kept in memory so that a tenant's reads, each
 * a different range, filter or group-by, need no Pinot query of their own: one Pinot query every
 * {@code refreshEvery} fetches what changed for all of them ({@link RecentRowsFeed}).
 *
 * <p>A tenant's first read loads its rows with one Pinot query and waits for it up to
 * {@code waitForLoad}; concurrent first reads wait for the same load, so an instance that starts
 * under load does not send every read to Pinot. Reads fall back to Pinot whenever memory cannot
 * answer as Pinot would: the load is slow or failed, the tenant has too many rows, the range starts
 * before the rows held, or the feed has not refreshed within {@code staleAfter}.
 */
public class RecentRows {
  private static final Logger LOG = LoggerFactory.getLogger(RecentRows.class);
  /** After a failed load, a tenant's reads go to Pinot this long before it is tried again. */
  private static final long RETRY_LOAD_AFTER_MS = 5_000;

  private final RecentRowsSource source;
  private final RecentRowsFactory settings;
  private final Clock clock;
  private final Map<String, TenantRows> tenants = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<TenantRows>> loading = new ConcurrentHashMap<>();
  private final Map<String, Long> notLoadedUntil = new ConcurrentHashMap<>();
  private final ExecutorService loaders;
  private volatile long refreshedAt = Long.MIN_VALUE;

  RecentRows(RecentRowsSource source, RecentRowsFactory settings, Clock clock) {
    this.source = source;
    this.settings = settings;
    this.clock = clock;
    this.loaders = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "recent-rows-load");
      t.setDaemon(true);
      return t;
    });
  }

  /** A tenant's rows, if they can answer a read of windows from {@code from} on. */
  Optional<TenantRows> serving(String tenant, long from) {
    long now = clock.millis();
    TenantRows rows = tenants.get(tenant);
    if (rows == null) {
      rows = awaitLoad(tenant, now);
      if (rows == null) {
        return Optional.empty();
      }
    }
    rows.read(now);
    boolean fresh = now - refreshedAt <= settings.staleAfter().toMillis();
    return fresh && from >= rows.coveredFrom() ? Optional.of(rows) : Optional.empty();
  }

  private TenantRows awaitLoad(String tenant, long now) {
    if (notLoadedUntil.getOrDefault(tenant, Long.MIN_VALUE) > now) {
      return null;
    }
    CompletableFuture<TenantRows> load =
        loading.computeIfAbsent(tenant, t -> CompletableFuture.supplyAsync(() -> load(t), loaders));
    try {
      return load.get(settings.waitForLoad().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Loads a tenant's rows afresh in the background; reads use the rows held until it is done. */
  void reload(String tenant) {
    loading.computeIfAbsent(tenant, t -> CompletableFuture.supplyAsync(() -> load(t), loaders));
  }

  private TenantRows load(String tenant) {
    long now = clock.millis();
    long from = now - settings.span().toMillis();
    try {
      RecentRowsSource.Fetched fetched = source.tenant(tenant, from, settings.maxRowsPerTenant(), now);
      if (fetched.cut()) {
        LOG.info("Tenant {} has more than {} recent rows (query.recentRows.maxRowsPerTenant); its reads go to Pinot",
            tenant, settings.maxRowsPerTenant());
        notLoadedUntil.put(tenant, now + settings.idleAfter().toMillis());
        return null;
      }
      TenantRows held = new TenantRows(tenant, from, fetched.completeUntil(), now);
      fetched.rows().forEach(held::apply);
      LOG.debug("Loaded {} recent rows of tenant {}; complete until {}", fetched.rows().size(), tenant,
          fetched.completeUntil());
      tenants.put(tenant, held);
      evictBeyond(settings.maxBytes(), held);
      return held;
    } catch (RuntimeException e) {
      LOG.warn("Could not load the recent rows of tenant {}; its reads go to Pinot: {}", tenant, e.toString());
      notLoadedUntil.put(tenant, clock.millis() + RETRY_LOAD_AFTER_MS);
      throw e;
    } finally {
      loading.remove(tenant);
    }
  }

  Collection<TenantRows> tenants() {
    return tenants.values();
  }

  Optional<TenantRows> tenant(String tenant) {
    return Optional.ofNullable(tenants.get(tenant));
  }

  void remove(String tenant) {
    tenants.remove(tenant);
  }

  void clear() {
    tenants.clear();
  }

  /** The time the feed's last successful fetch of changes started: rows are at most this stale. */
  void refreshed(long startedAt) {
    refreshedAt = startedAt;
  }

  long bytes() {
    return tenants.values().stream().mapToLong(TenantRows::bytes).sum();
  }

  long maxBytes() {
    return settings.maxBytes();
  }

  /** Drops the tenants read least recently, but {@code keep}, until the rows fit {@code bound}. */
  void evictBeyond(long bound, TenantRows keep) {
    List<TenantRows> byLastRead = tenants.values().stream()
        .sorted(Comparator.comparingLong(TenantRows::lastReadAt)).toList();
    long total = bytes();
    for (TenantRows rows : byLastRead) {
      if (total <= bound) {
        return;
      }
      if (rows != keep) {
        tenants.remove(rows.tenant);
        total -= rows.bytes();
      }
    }
  }

  void close() {
    loaders.shutdownNow();
  }

  /** For tests: holds a tenant's rows as if loaded. */
  void add(TenantRows rows) {
    tenants.put(rows.tenant, rows);
    evictBeyond(settings.maxBytes(), rows);
  }
}
