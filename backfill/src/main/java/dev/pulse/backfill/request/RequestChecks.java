package dev.pulse.backfill.request;

import dev.pulse.backfill.recount.Recount;
import dev.pulse.contract.catalog.CatalogException;
import dev.pulse.contract.catalog.CatalogLoader;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a command line's range, names and catalog into a {@link Restatement}, or refuses it with a
 * reason the caller can act on. It reads nothing but the catalog file, so a refusal changes nothing.
 */
public final class RequestChecks {
  private final Clock clock;
  private final Duration allowedLateness;
  private final Duration archiveRetention;

  public RequestChecks(Clock clock, Duration allowedLateness, Duration archiveRetention) {
    this.clock = clock;
    this.allowedLateness = allowedLateness;
    this.archiveRetention = archiveRetention;
  }

  /**
   * @param catalogFile a catalog given for this run, or null for {@code defaultCatalog}
   */
  public Restatement check(String from, String to, List<String> metrics, List<String> tenants, Path catalogFile,
      Path defaultCatalog) throws Refused {
    Instant start = instant("--from", from);
    Instant end = instant("--to", to);
    if (!start.isBefore(end)) {
      throw new Refused("--from " + start + " is not before --to " + end);
    }
    MetricCatalog catalog = catalog(catalogFile, defaultCatalog);
    Set<String> metricNames = new TreeSet<>(metrics);
    for (String metric : metricNames) {
      if (catalog.find(metric).isEmpty()) {
        throw new Refused("metric '" + metric + "' is not in the catalog " + source(catalogFile, defaultCatalog));
      }
    }
    for (String tenant : tenants) {
      if (!Tenants.isValid(tenant)) {
        throw new Refused("'" + tenant + "' is not a tenant name (letters, digits, _ . -, at most 64)");
      }
    }
    Restatement request = new Restatement(start, end, metricNames, new TreeSet<>(tenants), catalog,
        source(catalogFile, defaultCatalog));
    checkTime(request);
    return request;
  }

  /**
   * Where the streaming job's windows end: those starting before this have closed past the allowed
   * lateness, for the catalog given (or the default one).
   */
  public Instant settled(Path catalogFile) throws Refused {
    return clock.instant().minus(allowedLateness).minus(Recount.longestWindow(catalog(catalogFile, null)));
  }

  private void checkTime(Restatement request) throws Refused {
    Instant now = clock.instant();
    if (request.to().isAfter(now)) {
      throw new Refused("--to " + request.to() + " is in the future (now " + now.truncatedTo(ChronoUnit.SECONDS) + ")");
    }
    // A window belongs to the streaming job until its end is older than the allowed lateness.
    Instant settled = now.minus(allowedLateness).minus(Recount.longestWindow(request.catalog()));
    if (request.to().isAfter(settled)) {
      throw new Refused("windows starting before --to " + request.to() + " may still take late events in the streaming"
          + " job (allowed lateness " + allowedLateness + "); restate up to " + settled.truncatedTo(ChronoUnit.MINUTES)
          + " at the latest, or wait");
    }
    Instant kept = now.minus(archiveRetention);
    if (request.from().isBefore(kept)) {
      throw new Refused("--from " + request.from() + " is past the archive's retention (" + archiveRetention.toDays()
          + " days: events before " + kept.truncatedTo(ChronoUnit.DAYS) + " are gone); history there cannot be recounted");
    }
  }

  private static MetricCatalog catalog(Path catalogFile, Path defaultCatalog) throws Refused {
    Path file = catalogFile != null ? catalogFile : defaultCatalog;
    if (file == null) {
      return MetricCatalog.loadDefault();
    }
    if (!Files.isReadable(file)) {
      throw new Refused("cannot read the catalog file " + file);
    }
    try {
      return CatalogLoader.fromFile(file);
    } catch (CatalogException e) {
      throw new Refused("the catalog " + file + " fails validation: " + e.getMessage());
    }
  }

  private static String source(Path catalogFile, Path defaultCatalog) {
    Path file = catalogFile != null ? catalogFile : defaultCatalog;
    return file == null ? "(the catalog in the jar)" : file.toString();
  }

  /** An ISO instant (2026-12-01T03:00:00Z) or a date (2026-12-01, its start in UTC), in whole minutes. */
  static Instant instant(String option, String text) throws Refused {
    if (text == null) {
      throw new Refused(option + " is required");
    }
    Instant instant;
    try {
      instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new Refused(option + " '" + text + "' is neither a date (2026-12-01) nor an instant (2026-12-01T03:00:00Z)");
    }
    if (!instant.truncatedTo(ChronoUnit.MINUTES).equals(instant)) {
      throw new Refused(option + " " + instant + " is not on a whole minute");
    }
    return instant;
  }
}
