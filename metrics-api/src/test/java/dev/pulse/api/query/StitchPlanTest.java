package dev.pulse.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.history.Coverage;
import dev.pulse.contract.history.Coverage.Span;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StitchPlanTest {
  private static final Coverage COVERAGE = new Coverage(List.of(
      new Span("m", "acme", 0, 100, 5), new Span("m", "acme", 100, 200, 6), new Span("m", "*", 500, 600, 7)));

  @Test
  void aTenantsReadTakesItsOwnAndEveryTenantsSpansAsOneRangeEach() {
    StitchPlan plan = StitchPlan.of(COVERAGE, 50, 550, Optional.of("acme"));
    assertThat(plan.historyCondition(DimensionSql.DOCUMENT))
        .isEqualTo("(((window_start >= 50 AND window_start < 200) OR (window_start >= 500 AND window_start < 550)))");
    assertThat(plan.realtimeCondition(DimensionSql.DOCUMENT)).startsWith("NOT (");
    assertThat(plan.readsRealtime()).isTrue();
    assertThat(plan.restated()).extracting(MetricSeriesRestatedTenant::of).containsExactly("acme", "acme", "*");
  }

  @Test
  void anotherTenantIgnoresSpansThatAreNotItsOwn() {
    assertThat(StitchPlan.of(COVERAGE, 0, 200, Optional.of("other")).readsHistory()).isFalse();
  }

  @Test
  void aReadOfEveryTenantKeepsEachTenantsSpansToItsTenant() {
    String condition = StitchPlan.of(COVERAGE, 0, 1000, Optional.empty()).historyCondition(DimensionSql.DOCUMENT);
    assertThat(condition).contains("JSON_MATCH(dims, '\"$.tenant\"=''acme''') AND (window_start >= 0 AND window_start < 200)")
        .contains("(window_start >= 500 AND window_start < 600)");
  }

  @Test
  void withDimensionColumnsTheTenantsSpansNameItsColumn() {
    String condition = StitchPlan.of(COVERAGE, 0, 1000, Optional.empty()).historyCondition(DimensionSql.COLUMNS);
    assertThat(condition).contains("(dim_tenant = 'acme' AND (window_start >= 0 AND window_start < 200))")
        .doesNotContain("JSON_MATCH");
  }

  @Test
  void aRangeHistoryCoversForEveryTenantNeedsNoRealtimeRead() {
    StitchPlan plan = StitchPlan.of(COVERAGE, 500, 600, Optional.empty());
    assertThat(plan.readsHistory()).isTrue();
    assertThat(plan.readsRealtime()).isFalse();
  }

  private static final class MetricSeriesRestatedTenant {
    static String of(dev.pulse.api.api.MetricSeries.Restated restated) {
      return restated.tenant();
    }
  }
}
