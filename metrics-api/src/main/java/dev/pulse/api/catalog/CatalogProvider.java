package dev.pulse.api.catalog;

import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.WatchedCatalog;
import java.nio.file.Path;
import java.time.Duration;

/** The metric catalog in force right now: fixed, or re-read from its file when that changes. */
@FunctionalInterface
public interface CatalogProvider {
  MetricCatalog current();

  static CatalogProvider fixed(MetricCatalog catalog) {
    return () -> catalog;
  }

  static CatalogProvider watching(Path file, Duration checkEvery) {
    WatchedCatalog watched = new WatchedCatalog(file, checkEvery);
    return () -> {
      synchronized (watched) {
        return watched.current();
      }
    };
  }
}
