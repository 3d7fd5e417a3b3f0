package dev.pulse.api.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.admission.Admission;
import dev.pulse.api.pinot.PinotBroker;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;

/** The {@code query.recentRows:} section: the recent realtime rows each instance keeps in memory. */
public class RecentRowsFactory {
  /** Off: every read is a Pinot query. */
  @JsonProperty private boolean enabled = true;
  /** How far back rows are kept; a read reaching further back goes to Pinot. */
  @JsonProperty @NotNull private Duration span = Duration.hours(6);
  /** How often the rows that changed are fetched: reads see a change this much later at most. */
  @JsonProperty @NotNull private Duration refreshEvery = Duration.milliseconds(500);
  /** Reads go to Pinot when the last fetch of changes that succeeded started longer ago than this. */
  @JsonProperty @NotNull private Duration staleAfter = Duration.seconds(5);
  /** A tenant's first read waits this long for its rows to load, then goes to Pinot. */
  @JsonProperty @NotNull private Duration waitForLoad = Duration.seconds(1);
  /** A tenant nobody has read for this long is dropped from memory. */
  @JsonProperty @NotNull private Duration idleAfter = Duration.minutes(15);
  /**
   * Reads answered from memory at once; the next waits {@code waitForPlace}, then gets 503 with
   * Retry-After. Each takes a core while it runs, so a few more than the cores keep them fast
   * where an unbounded number would slow every one down to its caller's timeout.
   */
  @JsonProperty @Min(1) private int maxReadsInProgress = 8;
  @JsonProperty @NotNull private Duration waitForPlace = Duration.milliseconds(250);
  /** A held tenant's rows are loaded afresh this often, whatever the fetches of changes brought. */
  @JsonProperty @NotNull private Duration reloadEvery = Duration.minutes(10);
  /** The memory rows may take; past it, the tenants read least recently are dropped. */
  @JsonProperty @NotNull private DataSize maxMemory = DataSize.megabytes(128);
  /** A tenant with more recent rows than this is read from Pinot. */
  @JsonProperty @Min(1) private int maxRowsPerTenant = 200_000;
  /** Past this many rows changed between two fetches, every tenant is loaded afresh on its next read. */
  @JsonProperty @Min(1) private int maxChangedRows = 200_000;

  public boolean enabled() {
    return enabled;
  }

  java.time.Duration span() {
    return javaTime(span);
  }

  java.time.Duration refreshEvery() {
    return javaTime(refreshEvery);
  }

  java.time.Duration idleAfter() {
    return javaTime(idleAfter);
  }

  java.time.Duration reloadEvery() {
    return javaTime(reloadEvery);
  }

  java.time.Duration staleAfter() {
    return javaTime(staleAfter);
  }

  java.time.Duration waitForLoad() {
    return javaTime(waitForLoad);
  }

  long maxBytes() {
    return maxMemory.toBytes();
  }

  int maxRowsPerTenant() {
    return maxRowsPerTenant;
  }

  int maxChangedRows() {
    return maxChangedRows;
  }

  /**
   * The rows, and the feed that keeps them current (to be managed, so it starts and stops with the
   * service).
   *
   * @param pinot a broker client of the rows' own, so that reads waiting for Pinot never hold up
   *     the fetches that keep the rows fresh
   */
  public Built build(PinotBroker pinot, ColumnCoverage columns, Clock clock, PrometheusRegistry registry) {
    RecentRowsSource source = new RecentRowsSource(pinot, columns, registry);
    RecentRows rows = new RecentRows(source, this, clock);
    return new Built(rows, new RecentRowsFeed(source, rows, this, clock, registry));
  }

  public record Built(RecentRows rows, RecentRowsFeed feed) {}

  /** Where reads from memory take their place. */
  public Admission buildAdmission(Admission.Kinds admissions) {
    return admissions.of("reads from memory", maxReadsInProgress, javaTime(waitForPlace));
  }

  private static java.time.Duration javaTime(Duration duration) {
    return java.time.Duration.ofMillis(duration.toMilliseconds());
  }
}
