package dev.pulse.contract.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog file that is re-read when it changes, so metrics can be added or changed without a
 * restart. A changed file that fails validation is logged and ignored until it changes again; the
 * catalog in use stays in use. Not thread-safe: each user (a Flink subtask, a service) keeps its own.
 */
public final class WatchedCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedCatalog.class);

  private final Path file;
  private final long checkEveryNanos;
  private MetricCatalog catalog;
  private FileTime seenVersion;
  private long nextCheck;

  /** Loads the file now; an invalid or missing file fails here, at startup. */
  public WatchedCatalog(Path file, Duration checkEvery) {
    this.file = file;
    this.checkEveryNanos = checkEvery.toNanos();
    this.seenVersion = modified();
    this.catalog = CatalogLoader.fromFile(file);
    this.nextCheck = System.nanoTime() + checkEveryNanos;
  }

  public MetricCatalog current() {
    changed();
    return catalog;
  }

  /** The new catalog, if the file changed since the last look; looks at most once per interval. */
  public Optional<MetricCatalog> changed() {
    if (System.nanoTime() < nextCheck) {
      return Optional.empty();
    }
    nextCheck = System.nanoTime() + checkEveryNanos;
    FileTime version = modified();
    if (version.equals(seenVersion)) {
      return Optional.empty();
    }
    seenVersion = version;
    try {
      catalog = CatalogLoader.fromFile(file);
      LOG.info("Metric catalog {} reloaded: {} metrics", file, catalog.metrics().size());
      return Optional.of(catalog);
    } catch (CatalogException e) {
      LOG.error("Keeping the metric catalog in use; the changed {} is invalid: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
