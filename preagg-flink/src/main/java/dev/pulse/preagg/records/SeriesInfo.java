package dev.pulse.preagg.records;

import dev.pulse.aggregation.Partial;

/** What the window operator remembers about the series it is keyed by. */
public class SeriesInfo {
  public String metric;
  public int aggregation;
  public long windowSize;
  public long windowSlide;
  public String windowId;
  public String[] dimNames;
  public String[] dimValues;

  public SeriesInfo() {}

  public static SeriesInfo of(Partial partial) {
    SeriesInfo info = new SeriesInfo();
    info.metric = partial.metric;
    info.aggregation = partial.aggregation;
    info.windowSize = partial.windowSize;
    info.windowSlide = partial.windowSlide;
    info.windowId = partial.windowId;
    info.dimNames = partial.dimNames;
    info.dimValues = partial.dimValues;
    return info;
  }
}
