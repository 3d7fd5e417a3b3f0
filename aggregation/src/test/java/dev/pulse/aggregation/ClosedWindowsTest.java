package dev.pulse.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.catalog.MetricCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClosedWindowsTest {
  private static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @Test
  void tumblingAndSlidingWindowsOfTheRangeAreRecountedFromEvents() {
    PreAggregator panes = new PreAggregator(MetricCatalog.loadDefault());
    panes.add(purchase(T0 + 5_000, "10"));
    panes.add(purchase(T0 + 50_000, "5"));
    panes.add(purchase(T0 + MINUTE + 1_000, "7"));
    ClosedWindows windows = new ClosedWindows(T0, T0 + 2 * MINUTE);
    panes.flush(windows::add);

    Map<String, Double> revenue = new HashMap<>();
    for (AggregateRecord row : rows(windows)) {
      if (row.metric().equals("revenue")) {
        revenue.put(row.windowSpec() + "@" + (row.windowStart() - T0) / 1000, row.value());
        assertThat(row.isFinal()).isTrue();
        assertThat(row.version()).isEqualTo(3);
      }
    }
    assertThat(revenue).containsEntry("1m@0", 15.0).containsEntry("1m@60", 7.0);
    // Sliding 5m/30s windows that start in the range: 0 s holds all three, 30 s the last two, 60 s the last;
    // one starting at 90 s would hold none, and those starting before 0 s or at 120 s are outside the range.
    assertThat(revenue).containsEntry("5m/30s@0", 22.0).containsEntry("5m/30s@30", 12.0)
        .containsEntry("5m/30s@60", 7.0).hasSize(5);
  }

  private static List<AggregateRecord> rows(ClosedWindows windows) {
    List<AggregateRecord> rows = new ArrayList<>();
    windows.emit(3, 1L, rows::add);
    return rows;
  }

  private static RawEvent purchase(long at, String amount) {
    return new RawEvent("e" + at, "purchase", "web", "u1", at, new HashMap<>(Map.of("amount", amount, "currency", "EUR")));
  }
}
