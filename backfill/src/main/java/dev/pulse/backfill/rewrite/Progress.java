package dev.pulse.backfill.rewrite;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A run's progress on stderr: archived rows read of those the range holds (from file metadata),
 * with their rate and the time left, and which day of how many it is on.
 */
public final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final int days;

  public Progress(long rows, int days) {
    this.days = days;
    this.bar = new ProgressBarBuilder().setTaskName("backfill").setInitialMax(Math.max(rows, 1)).setUnit(" rows", 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().setMaxRenderedLength(120)
        .setEtaFunction(state -> state.getCurrent() == 0 ? java.util.Optional.empty()
            : java.util.Optional.of(Duration.ofMillis((long) (state.getElapsedAfterStart().toMillis()
                * (double) (state.getMax() - state.getCurrent()) / state.getCurrent()))))
        .build();
  }

  public void row() {
    bar.step();
  }

  public void day(int index, String day, String doing) {
    bar.setExtraMessage(" day " + index + "/" + days + " " + day + " " + doing);
  }

  @Override
  public void close() {
    bar.close();
  }
}
