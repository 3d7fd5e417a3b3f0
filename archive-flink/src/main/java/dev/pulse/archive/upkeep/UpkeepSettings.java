package dev.pulse.archive.upkeep;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;

/**
 * @param interval how often upkeep runs on its own
 * @param retention rows whose event time is older are deleted (whole hours, metadata only)
 * @param snapshotAge snapshots older are expired, but never the archive job's newest one
 * @param snapshotsKept at least this many snapshots are kept, however old
 * @param targetFileSize compaction writes files of about this size
 */
public record UpkeepSettings(
    @JsonProperty(value = "interval", required = true) Duration interval,
    @JsonProperty(value = "retention", required = true) Duration retention,
    @JsonProperty(value = "snapshotAge", required = true) Duration snapshotAge,
    @JsonProperty(value = "snapshotsKept", required = true) int snapshotsKept,
    @JsonProperty(value = "targetFileSize", required = true) long targetFileSize) {

  public UpkeepSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(snapshotAge, "snapshotAge");
    if (snapshotsKept < 1) {
      throw new IllegalArgumentException("snapshotsKept must be at least 1");
    }
  }
}
