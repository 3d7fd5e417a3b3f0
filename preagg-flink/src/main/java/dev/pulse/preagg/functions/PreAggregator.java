package dev.pulse.preagg.functions;

import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.WindowSpec;
import dev.pulse.preagg.records.Partial;
import dev.pulse.preagg.records.RawEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns events into per-pane partial aggregates and holds them until flushed. Many events of one
 * series and pane become one record crossing the shuffle; that is most of the job's throughput.
 *
 * <p>A metric whose value field an event lacks (or holds a non-number, for numeric aggregations)
 * gets no contribution from that event; every other matching metric still does.
 */
public final class PreAggregator {
  private record PaneKey(String seriesKey, long paneStart) {}

  private record Pane(CompiledMetric metric, int window, String[] dimValues, LiveAccumulator acc) {}

  private List<CompiledMetric> metrics;
  private final Map<PaneKey, Pane> panes = new HashMap<>();

  public PreAggregator(MetricCatalog catalog) {
    use(catalog);
  }

  /** Switches to a new catalog; panes already buffered keep the series they were started for. */
  public void use(MetricCatalog catalog) {
    this.metrics = catalog.metrics().stream().map(CompiledMetric::new).toList();
  }

  public void add(RawEvent event) {
    for (CompiledMetric metric : metrics) {
      if (metric.matches(event)) {
        contribute(metric, event);
      }
    }
  }

  private void contribute(CompiledMetric metric, RawEvent event) {
    String text = metric.value == null ? null : CompiledMetric.field(event, metric.value);
    double number = 0;
    if (metric.aggregation.readsValue()) {
      if (text == null) {
        return;
      }
      if (metric.aggregation.needsNumericValue()) {
        number = parse(text);
        if (Double.isNaN(number)) {
          return;
        }
      }
    }
    String[] dimValues = dimValues(metric, event);
    String series = seriesPrefix(metric, dimValues);
    boolean inNumerator = metric.aggregation == Aggregation.RATIO && metric.inNumerator(event);
    for (int w = 0; w < metric.windows.size(); w++) {
      WindowSpec window = metric.windows.get(w);
      PaneKey key = new PaneKey(series + metric.windowIds[w], window.lastWindowStart(event.eventTime));
      Pane pane = panes.get(key);
      if (pane == null) {
        pane = new Pane(metric, w, dimValues, new LiveAccumulator(metric.aggregation));
        panes.put(key, pane);
      }
      pane.acc().add(number, text, inNumerator);
    }
  }

  public int size() {
    return panes.size();
  }

  /** Emits every buffered pane and empties the buffer. */
  public void flush(Consumer<Partial> out) {
    for (Map.Entry<PaneKey, Pane> entry : panes.entrySet()) {
      out.accept(toPartial(entry.getKey(), entry.getValue()));
    }
    panes.clear();
  }

  private static Partial toPartial(PaneKey key, Pane pane) {
    WindowSpec window = pane.metric().windows.get(pane.window());
    Partial partial = new Partial();
    partial.seriesKey = key.seriesKey();
    partial.metric = pane.metric().name;
    partial.aggregation = pane.metric().aggregation.ordinal();
    partial.windowSize = window.sizeMillis();
    partial.windowSlide = window.slideMillis();
    partial.windowId = window.id();
    partial.dimNames = pane.metric().dimNames;
    partial.dimValues = pane.dimValues();
    partial.paneStart = key.paneStart();
    partial.acc = pane.acc().toAccumulator();
    return partial;
  }

  /** A dimension the event does not carry is the empty string, so every series of a metric has the same keys. */
  private static String[] dimValues(CompiledMetric metric, RawEvent event) {
    String[] values = new String[metric.dims.length];
    for (int i = 0; i < values.length; i++) {
      String value = CompiledMetric.field(event, metric.dims[i]);
      values[i] = value == null ? "" : value;
    }
    return values;
  }

  /**
   * The series' identity without its window: metric and dimension values, length-prefixed so that
   * no value can make two series collide.
   */
  static String seriesPrefix(CompiledMetric metric, String[] dimValues) {
    StringBuilder key = new StringBuilder(48);
    append(key, metric.name);
    for (int i = 0; i < dimValues.length; i++) {
      append(key, metric.dimNames[i]);
      append(key, dimValues[i]);
    }
    return key.toString();
  }

  private static void append(StringBuilder key, String part) {
    key.append(part.length()).append(':').append(part);
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
