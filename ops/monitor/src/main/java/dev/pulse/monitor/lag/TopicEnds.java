package dev.pulse.monitor.lag;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition ends for a read_committed reader: the last stable offset. Lag against it
 * leaves out records of open transactions, which no reader of this pipeline may see yet.
 */
public class TopicEnds {
  private final Admin admin;
  private final Duration timeout;

  public TopicEnds(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  public Map<TopicPartition, Long> of(Collection<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> latest =
        partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
  }
}
