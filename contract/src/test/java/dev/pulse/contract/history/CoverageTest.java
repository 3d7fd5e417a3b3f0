package dev.pulse.contract.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.history.Coverage.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTest {
  @Test
  void aTenantSpanCoversOnlyItsTenantAndAnAllTenantsSpanCoversEveryone() {
    Coverage coverage = new Coverage(List.of(new Span("m", "acme", 100, 200, 1), new Span("m", "*", 300, 400, 2)));
    assertThat(coverage.covering("acme", 150)).isPresent();
    assertThat(coverage.covering("other", 150)).isEmpty();
    assertThat(coverage.covering("other", 350)).map(Span::restatedAt).contains(2L);
    assertThat(coverage.covering("acme", 200)).isEmpty();
  }

  @Test
  void aNewerSpanCutsOnlyTheSpansItReplaces() {
    Span old = new Span("m", "acme", 0, 100, 1);
    assertThat(old.minus(new Span("m", "acme", 20, 50, 2)))
        .containsExactly(new Span("m", "acme", 0, 20, 1), new Span("m", "acme", 50, 100, 1));
    assertThat(old.minus(new Span("m", "*", 0, 100, 2))).isEmpty();
    // Another tenant's span, or another metric's, leaves it whole.
    assertThat(old.minus(new Span("m", "other", 0, 100, 2))).containsExactly(old);
    assertThat(old.minus(new Span("n", "acme", 0, 100, 2))).containsExactly(old);
    // A tenant's restatement does not end an all-tenants span: the others are still covered by it.
    Span all = new Span("m", "*", 0, 100, 1);
    assertThat(all.minus(new Span("m", "acme", 0, 100, 2))).containsExactly(all);
  }

  @Test
  void aSpanTravelsAsAMarkerRowAndBack() {
    Span span = new Span("m", "acme", 60_000, 120_000, 7);
    var marker = span.toMarker();
    assertThat(Coverage.isMarker(marker.windowSpec())).isTrue();
    assertThat(Coverage.spanOf(marker.metric(), marker.dims().get("tenant"), marker.windowStart(), marker.windowEnd(),
        marker.emittedAt())).isEqualTo(span);
  }
}
