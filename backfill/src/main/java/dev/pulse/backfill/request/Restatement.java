package dev.pulse.backfill.request;

import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.history.Coverage;
import dev.pulse.contract.history.Coverage.Span;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one backfill restates: the windows starting in [from, to) of some metrics (all of the
 * catalog's when none are named) for some tenants (all when none are), computed with {@code catalog}.
 * The unit of work and of swapping is a UTC day.
 *
 * @param catalogSource where the catalog came from, for the run's record
 */
public record Restatement(Instant from, Instant to, Set<String> metrics, Set<String> tenants, MetricCatalog catalog,
    String catalogSource) {

  public Restatement {
    metrics = new TreeSet<>(metrics);
    tenants = new TreeSet<>(tenants);
    catalog = catalog.only(metrics);
  }

  /** The UTC days the range touches, in order. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = dayOf(from); day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to); day = day.plusDays(1)) {
      days.add(day);
    }
    return days;
  }

  /** The part of the range inside one day. */
  public Instant fromIn(LocalDate day) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    return from.isAfter(start) ? from : start;
  }

  public Instant toIn(LocalDate day) {
    Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return to.isBefore(end) ? to : end;
  }

  public Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    catalog.metrics().forEach(m -> names.add(m.name()));
    return names;
  }

  public boolean allTenants() {
    return tenants.isEmpty();
  }

  /** The spans of coverage this restatement gives one day: per metric, for its tenants or all. */
  public List<Span> spansIn(LocalDate day, long restatedAt) {
    List<Span> spans = new ArrayList<>();
    long dayFrom = fromIn(day).toEpochMilli();
    long dayTo = toIn(day).toEpochMilli();
    for (String metric : metricNames()) {
      if (allTenants()) {
        spans.add(new Span(metric, Coverage.ALL_TENANTS, dayFrom, dayTo, restatedAt));
      } else {
        tenants.forEach(t -> spans.add(new Span(metric, t, dayFrom, dayTo, restatedAt)));
      }
    }
    return spans;
  }

  /** Whether a stored row is one this restatement replaces. */
  public boolean replaces(String metric, String tenant, long windowStart, LocalDate day) {
    return metricNames().contains(metric)
        && (allTenants() || tenants.contains(tenant))
        && windowStart >= fromIn(day).toEpochMilli()
        && windowStart < toIn(day).toEpochMilli();
  }

  public static LocalDate dayOf(Instant instant) {
    return LocalDate.ofInstant(instant.truncatedTo(ChronoUnit.DAYS), ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + ") metrics=" + (metrics.isEmpty() ? "all" : String.join(",", metrics))
        + " tenants=" + (tenants.isEmpty() ? "all" : String.join(",", tenants)) + " catalog=" + catalogSource;
  }
}
