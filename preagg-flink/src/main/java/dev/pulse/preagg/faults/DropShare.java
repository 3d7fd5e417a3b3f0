package dev.pulse.preagg.faults;

import dev.pulse.aggregation.RawEvent;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * A fault for the monitors' tests, never for production: silently loses a share of the decoded
 * events before they are aggregated, the loss that the reconciliation must find and name. The same
 * events are lost on every replay (chosen by event id), so a restart does not blur the figure.
 */
public final class DropShare implements FilterFunction<RawEvent> {
  private static final int BUCKETS = 10_000;
  private final int dropped;

  public DropShare(double share) {
    this.dropped = (int) Math.round(share * BUCKETS);
  }

  @Override
  public boolean filter(RawEvent event) {
    if (event.deadLetter != null || event.eventId == null) {
      return true;
    }
    CRC32 crc = new CRC32();
    crc.update(event.eventId.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % BUCKETS >= dropped;
  }
}
