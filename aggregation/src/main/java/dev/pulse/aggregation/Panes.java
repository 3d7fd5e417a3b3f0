package dev.pulse.aggregation;

import java.util.Map;
import java.util.TreeMap;

/** The windowing rules that turn panes into windows, the same for the streaming job and history. */
public final class Panes {
  private Panes() {}

  /**
   * The start of the first window a pane belongs to. A pane is one slide: it belongs to the {@code
   * size / slide} windows that start from here to the pane's own start, one slide apart.
   */
  public static long firstWindowStart(Partial pane) {
    return pane.paneStart - pane.windowSize + pane.windowSlide;
  }

  /** A series' dimension values by name, as a row carries them. */
  public static Map<String, String> dims(String[] names, String[] values) {
    Map<String, String> dims = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      dims.put(names[i], values[i]);
    }
    return dims;
  }
}
