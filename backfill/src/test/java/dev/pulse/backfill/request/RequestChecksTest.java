package dev.pulse.backfill.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestChecksTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private final RequestChecks checks =
      new RequestChecks(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(2), Duration.ofDays(30));

  @Test
  void aRangeOverTwoDaysIsCutIntoThem() throws Refused {
    Restatement request = checks.check("2026-11-30T22:00:00Z", "2026-12-01T02:00:00Z", List.of("page_views"),
        List.of("acme"), null, null);
    assertThat(request.days()).containsExactly(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-01"));
    assertThat(request.fromIn(LocalDate.parse("2026-12-01"))).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(request.toIn(LocalDate.parse("2026-11-30"))).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(request.metricNames()).containsExactly("page_views");
    assertThat(request.replaces("page_views", "acme", Instant.parse("2026-12-01T01:00:00Z").toEpochMilli(),
        LocalDate.parse("2026-12-01"))).isTrue();
    assertThat(request.replaces("page_views", "other", Instant.parse("2026-12-01T01:00:00Z").toEpochMilli(),
        LocalDate.parse("2026-12-01"))).isFalse();
  }

  @Test
  void rangesInTheFutureStillOpenOrPastRetentionAreRefused() {
    assertThatThrownBy(() -> checks.check("2026-12-02T11:00:00Z", "2026-12-02T13:00:00Z", List.of(), List.of(), null, null))
        .isInstanceOf(Refused.class).hasMessageContaining("in the future");
    assertThatThrownBy(() -> checks.check("2026-12-02T09:00:00Z", "2026-12-02T11:00:00Z", List.of(), List.of(), null, null))
        .isInstanceOf(Refused.class).hasMessageContaining("may still take late events");
    assertThatThrownBy(() -> checks.check("2026-10-01", "2026-10-02", List.of(), List.of(), null, null))
        .isInstanceOf(Refused.class).hasMessageContaining("retention");
    assertThatThrownBy(() -> checks.check("2026-12-01T00:00:30Z", "2026-12-01T01:00:00Z", List.of(), List.of(), null, null))
        .isInstanceOf(Refused.class).hasMessageContaining("whole minute");
    assertThatThrownBy(() -> checks.check("2026-12-01", "2026-12-01", List.of(), List.of(), null, null))
        .isInstanceOf(Refused.class).hasMessageContaining("not before");
  }

  @Test
  void unknownMetricsBadTenantsAndInvalidCatalogsAreRefused(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> checks.check("2026-12-01", "2026-12-02", List.of("no_such"), List.of(), null, null))
        .isInstanceOf(Refused.class).hasMessageContaining("'no_such' is not in the catalog");
    assertThatThrownBy(() -> checks.check("2026-12-01", "2026-12-02", List.of(), List.of("a b"), null, null))
        .isInstanceOf(Refused.class).hasMessageContaining("not a tenant name");
    Path broken = Files.writeString(dir.resolve("catalog.yml"), "metrics:\n  - name: x\n    aggregation: nope\n");
    assertThatThrownBy(() -> checks.check("2026-12-01", "2026-12-02", List.of(), List.of(), broken, null))
        .isInstanceOf(Refused.class).hasMessageContaining("fails validation");
  }
}
