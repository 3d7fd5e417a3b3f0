package dev.pulse.aggregation;

import dev.pulse.contract.catalog.Aggregation;
import dev.pulse.contract.catalog.FieldPath;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.WindowSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns events into per-pane partial aggregates and holds them until flushed. Many events of one
 * series and pane become one record crossing the shuffle; that is most of the job's throughput.
 *
 * <p>Per event, each value field is read and parsed once and each distinct list of dimensions is
 * built once, however many metrics share them.
 *
 * <p>A metric whose value field an event lacks (or holds a non-number, for numeric aggregations)
 * gets no contribution from that event; every other matching metric still does.
 */
public final class PreAggregator {
  /**
   * A pane of one series, identified without building the series' string key: which metric and
   * window (by index), the pane's start, and the dimension values. The hash is computed once.
   */
  private static final class PaneKey {
    final int metric;
    final int window;
    final long paneStart;
    final Dims dims;
    final int hash;

    PaneKey(int metric, int window, long paneStart, Dims dims) {
      this.metric = metric;
      this.window = window;
      this.paneStart = paneStart;
      this.dims = dims;
      this.hash = 31 * (31 * (31 * metric + window) + Long.hashCode(paneStart)) + dims.hash;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PaneKey k
          && hash == k.hash
          && metric == k.metric
          && window == k.window
          && paneStart == k.paneStart
          && (dims == k.dims || Arrays.equals(dims.values, k.dims.values));
    }
  }

  /** An event's values of one list of dimensions, hashed once. */
  private static final class Dims {
    final String[] values;
    final int hash;

    Dims(String[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
    }
  }

  private record Pane(CompiledMetric metric, LiveAccumulator acc) {}

  /** The catalog compiled: metrics, plus the distinct value fields and dimension lists they read. */
  private static final class Plan {
    final List<CompiledMetric> metrics;
    final FieldPath[] valueFields;
    /** Whether some metric aggregates the slot's field as a number; only those are parsed. */
    final boolean[] numeric;
    final int[] valueSlot;
    final FieldPath[][] dimLists;
    final int[] dimSlot;

    Plan(MetricCatalog catalog) {
      metrics = catalog.metrics().stream().map(CompiledMetric::new).toList();
      List<FieldPath> values = new ArrayList<>();
      List<List<FieldPath>> dims = new ArrayList<>();
      valueSlot = new int[metrics.size()];
      dimSlot = new int[metrics.size()];
      for (int m = 0; m < metrics.size(); m++) {
        CompiledMetric metric = metrics.get(m);
        valueSlot[m] = metric.value == null ? -1 : slot(values, metric.value);
        dimSlot[m] = slot(dims, List.of(metric.dims));
      }
      valueFields = values.toArray(FieldPath[]::new);
      numeric = new boolean[valueFields.length];
      for (int m = 0; m < metrics.size(); m++) {
        if (valueSlot[m] >= 0 && metrics.get(m).aggregation.needsNumericValue()) {
          numeric[valueSlot[m]] = true;
        }
      }
      dimLists = dims.stream().map(l -> l.toArray(FieldPath[]::new)).toArray(FieldPath[][]::new);
    }

    private static <T> int slot(List<T> slots, T item) {
      int at = slots.indexOf(item);
      if (at < 0) {
        slots.add(item);
        return slots.size() - 1;
      }
      return at;
    }
  }

  private Plan plan;
  private final Map<PaneKey, Pane> panes = new HashMap<>();
  // Per-event scratch, reused: the event's value fields (text and number) and dimension lists.
  private String[] texts;
  private double[] numbers;
  private Dims[] dims;

  public PreAggregator(MetricCatalog catalog) {
    use(catalog);
  }

  /** Switches to a new catalog; panes already buffered keep the series they were started for. */
  public void use(MetricCatalog catalog) {
    this.plan = new Plan(catalog);
    this.texts = new String[plan.valueFields.length];
    this.numbers = new double[plan.valueFields.length];
    this.dims = new Dims[plan.dimLists.length];
  }

  public void add(RawEvent event) {
    readValues(event);
    Arrays.fill(dims, null);
    List<CompiledMetric> metrics = plan.metrics;
    for (int m = 0; m < metrics.size(); m++) {
      CompiledMetric metric = metrics.get(m);
      if (metric.matches(event)) {
        contribute(m, metric, event);
      }
    }
  }

  private void readValues(RawEvent event) {
    for (int v = 0; v < texts.length; v++) {
      texts[v] = CompiledMetric.field(event, plan.valueFields[v]);
      // A distinct count of user ids must not pay for a failed parse (an exception) per event.
      numbers[v] = texts[v] == null || !plan.numeric[v] ? Double.NaN : parse(texts[v]);
    }
  }

  private void contribute(int m, CompiledMetric metric, RawEvent event) {
    int slot = plan.valueSlot[m];
    String text = slot < 0 ? null : texts[slot];
    double number = slot < 0 ? 0 : numbers[slot];
    if (metric.aggregation.readsValue() && (text == null || (metric.aggregation.needsNumericValue() && Double.isNaN(number)))) {
      return;
    }
    Dims eventDims = dimsOf(plan.dimSlot[m], event);
    boolean inNumerator = metric.aggregation == Aggregation.RATIO && metric.inNumerator(event);
    for (int w = 0; w < metric.windows.size(); w++) {
      WindowSpec window = metric.windows.get(w);
      PaneKey key = new PaneKey(m, w, window.lastWindowStart(event.eventTime), eventDims);
      Pane pane = panes.get(key);
      if (pane == null) {
        pane = new Pane(metric, new LiveAccumulator(metric.aggregation));
        panes.put(key, pane);
      }
      pane.acc().add(number, text, inNumerator);
    }
  }

  /** A dimension the event does not carry is the empty string, so every series of a metric has the same keys. */
  private Dims dimsOf(int slot, RawEvent event) {
    if (dims[slot] == null) {
      FieldPath[] paths = plan.dimLists[slot];
      String[] values = new String[paths.length];
      for (int i = 0; i < values.length; i++) {
        String value = CompiledMetric.field(event, paths[i]);
        values[i] = value == null ? "" : value;
      }
      dims[slot] = new Dims(values);
    }
    return dims[slot];
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
    WindowSpec window = pane.metric().windows.get(key.window);
    Partial partial = new Partial();
    partial.seriesKey = seriesPrefix(pane.metric(), key.dims.values) + window.id();
    partial.metric = pane.metric().name;
    partial.aggregation = pane.metric().aggregation.ordinal();
    partial.windowSize = window.sizeMillis();
    partial.windowSlide = window.slideMillis();
    partial.windowId = window.id();
    partial.dimNames = pane.metric().dimNames;
    partial.dimValues = key.dims.values;
    partial.paneStart = key.paneStart;
    partial.acc = pane.acc().toAccumulator();
    return partial;
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
