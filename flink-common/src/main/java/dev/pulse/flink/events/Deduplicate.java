package dev.pulse.flink.events;

import dev.pulse.aggregation.RawEvent;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first event of each event_id and drops the rest, keyed by event_id (or its {@link
 * EventIdFingerprint}). A client that retries a batch with the same ids, or a DLQ replay, is
 * counted once.
 *
 * <p>The memory of an id lasts {@code ttl} after it was first seen (state TTL, cleaned up during
 * RocksDB compaction). It must cover the allowed lateness: a duplicate that arrives later than
 * that would be counted again.
 */
public class Deduplicate<K> extends KeyedProcessFunction<K, RawEvent, RawEvent> {
  private final Duration ttl;
  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;

  public Deduplicate(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Boolean.class);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .cleanupInRocksdbCompactFilter(10_000)
            // On the heap backend (Flink's default, as in tests) expired ids go as state is touched.
            .cleanupIncrementally(10, false)
            .build());
    seen = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
  }

  @Override
  public void processElement(RawEvent event, Context ctx, Collector<RawEvent> out) throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(event);
  }
}
