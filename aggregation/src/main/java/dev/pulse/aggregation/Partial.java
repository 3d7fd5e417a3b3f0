package dev.pulse.aggregation;

/**
 * A pane of one series, pre-aggregated before the shuffle: one record stands for every event of the
 * series that fell into the pane since the last flush. A pane is the window itself for tumbling
 * windows and one slide of it for sliding windows.
 *
 * <p>It carries what the window operator needs to know about its series (aggregation, window
 * spec, dimensions), so that operator never consults the catalog, and a catalog change never
 * changes the meaning of a window already open.
 */
public class Partial {
  /** Metric, window spec and dimension values; the key of the window operator. */
  public String seriesKey;

  public String metric;
  public int aggregation;
  public long windowSize;
  public long windowSlide;
  public String windowId;
  public String[] dimNames;
  public String[] dimValues;
  public long paneStart;
  public Accumulator acc;

  public Partial() {}

  @Override
  public String toString() {
    return seriesKey + "@" + paneStart + " events=" + (acc == null ? 0 : acc.events);
  }
}
