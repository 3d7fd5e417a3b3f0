package dev.pulse.flink.catalog;

import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.WatchedCatalog;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the job's metric catalog comes from: a file watched for changes (each subtask watches it
 * itself), or, without a file, the catalog shipped in the contract, which never changes.
 */
public class CatalogSource implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final Duration checkEvery;
  private transient WatchedCatalog watched;
  private transient MetricCatalog builtIn;

  private CatalogSource(String path, Duration checkEvery) {
    this.path = path;
    this.checkEvery = checkEvery;
  }

  public static CatalogSource builtIn() {
    return new CatalogSource(null, Duration.ZERO);
  }

  public static CatalogSource file(String path, Duration checkEvery) {
    return new CatalogSource(path, checkEvery);
  }

  /**
   * A job's catalog as configured: the file when a path is set (read now, so an invalid catalog
   * fails the submission rather than a task), else the built-in one.
   */
  public static CatalogSource configured(String path, Duration checkEvery) {
    if (path == null || path.isBlank()) {
      return builtIn();
    }
    CatalogSource source = file(path, checkEvery);
    source.current();
    return source;
  }

  public MetricCatalog current() {
    if (path == null) {
      if (builtIn == null) {
        builtIn = MetricCatalog.loadDefault();
      }
      return builtIn;
    }
    return watched().current();
  }

  /** A newer valid catalog, if the file changed. */
  public Optional<MetricCatalog> changed() {
    return path == null ? Optional.empty() : watched().changed();
  }

  private WatchedCatalog watched() {
    if (watched == null) {
      watched = new WatchedCatalog(Path.of(path), checkEvery);
    }
    return watched;
  }
}
