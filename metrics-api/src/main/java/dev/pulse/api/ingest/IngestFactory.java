package dev.pulse.api.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.admission.Admission;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Limits and rates of ingestion, from the {@code ingest:} section of the configuration. */
public class IngestFactory {
  /** A request body larger than this is refused with 413. */
  @NotNull private DataSize maxRequestSize = DataSize.megabytes(5);
  /** A batch with more events than this is refused with 413. */
  @Min(1) @Max(100_000) private int maxEventsPerBatch = 1000;
  /** An event larger than this is rejected at its index. */
  @NotNull private DataSize maxEventSize = DataSize.kilobytes(32);
  /** How far past its receipt a skew-corrected event time may lie before it is clamped. */
  @NotNull private Duration futureTolerance = Duration.minutes(5);
  /** Events older than this are rejected to the DLQ. */
  @NotNull private Duration maxEventAge = Duration.days(7);
  /** Events per second per API key, unless the key sets its own. */
  @Min(1) private int defaultRateLimitPerSecond = 50_000;
  /** Batches this instance validates and writes at once; more wait {@code waitForPlace}, then answer 503. */
  @JsonProperty @Min(1) private int maxBatchesInProgress = 64;
  @JsonProperty @NotNull private Duration waitForPlace = Duration.milliseconds(250);

  @JsonProperty
  public void setMaxRequestSize(DataSize maxRequestSize) {
    this.maxRequestSize = maxRequestSize;
  }

  @JsonProperty
  public void setMaxEventsPerBatch(int maxEventsPerBatch) {
    this.maxEventsPerBatch = maxEventsPerBatch;
  }

  @JsonProperty
  public void setMaxEventSize(DataSize maxEventSize) {
    this.maxEventSize = maxEventSize;
  }

  @JsonProperty
  public void setFutureTolerance(Duration futureTolerance) {
    this.futureTolerance = futureTolerance;
  }

  @JsonProperty
  public void setMaxEventAge(Duration maxEventAge) {
    this.maxEventAge = maxEventAge;
  }

  @JsonProperty
  public void setDefaultRateLimitPerSecond(int defaultRateLimitPerSecond) {
    this.defaultRateLimitPerSecond = defaultRateLimitPerSecond;
  }

  public IngestLimits buildLimits() {
    return new IngestLimits(
        maxRequestSize.toBytes(),
        maxEventsPerBatch,
        (int) maxEventSize.toBytes(),
        java.time.Duration.ofMillis(futureTolerance.toMilliseconds()),
        java.time.Duration.ofMillis(maxEventAge.toMilliseconds()));
  }

  public Admission buildAdmission(Admission.Kinds admissions) {
    return admissions.of("ingest batches", maxBatchesInProgress, java.time.Duration.ofMillis(waitForPlace.toMilliseconds()));
  }

  public RateLimiter buildRateLimiter() {
    return new RateLimiter(defaultRateLimitPerSecond);
  }
}
