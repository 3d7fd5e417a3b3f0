package dev.pulse.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.backfill.corrections.CorrectionScopes;
import dev.pulse.backfill.corrections.CorrectionScopes.Scope;
import dev.pulse.backfill.corrections.CorrectionsTopic.Correction;
import dev.pulse.backfill.corrections.Watermark;
import dev.pulse.contract.aggregate.AggregateRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrectionScopesTest {
  private static final Instant SETTLED = Instant.parse("2026-12-02T10:30:00Z");

  @Test
  void correctionsBecomeHourRangesPerMetricAndTenantCutWhereTheStreamingJobStillOwnsWindows() {
    CorrectionScopes scopes = CorrectionScopes.of(List.of(
        correction(0, 5, "page_views", "acme", "2026-12-02T07:10:00Z"),
        correction(0, 6, "page_views", "acme", "2026-12-02T08:59:00Z"),
        correction(1, 3, "page_views", "globex", "2026-12-02T10:05:00Z"),
        correction(1, 4, "revenue", "acme", "2026-12-02T10:40:00Z"),
        correction(1, 9, "revenue", "acme", "2026-12-02T07:00:00Z")),
        Watermark.parse("0:7,1:10"), SETTLED);

    assertThat(scopes.scopes()).containsExactly(
        new Scope("page_views", "acme", Instant.parse("2026-12-02T07:00:00Z"), Instant.parse("2026-12-02T09:00:00Z")),
        new Scope("page_views", "globex", Instant.parse("2026-12-02T10:00:00Z"), SETTLED));
    // Partition 1 stops at the correction of a window not settled yet; it and what follows come again.
    assertThat(scopes.next()).isEqualTo(Watermark.parse("0:7,1:4"));
  }

  private static Correction correction(int partition, long offset, String metric, String tenant, String windowStart) {
    long start = Instant.parse(windowStart).toEpochMilli();
    return new Correction(partition, offset, AggregateRecord.of(metric, "1m", start, start + 60_000,
        Map.of("tenant", tenant), AggregateRecord.Values.count(1), 0, true, 0));
  }
}
