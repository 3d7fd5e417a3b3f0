package dev.pulse.ops.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How the records a benchmark wrote spread over a topic's partitions: its end offsets when the
 * measurement began, compared with those when it ended. A partition that got nothing means one
 * source subtask of every job reading the topic idles.
 */
public final class PartitionSpread {
  private final String bootstrap;
  private final String topic;
  private final Map<Integer, Long> began;

  private PartitionSpread(String bootstrap, String topic, Map<Integer, Long> began) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.began = began;
  }

  public static PartitionSpread of(String bootstrap, String topic) throws Exception {
    return new PartitionSpread(bootstrap, topic, endOffsets(bootstrap, topic));
  }

  /** A Markdown table of the records each partition got since {@link #of}, with its share. */
  public String since() throws Exception {
    Map<Integer, Long> written = new TreeMap<>();
    endOffsets(bootstrap, topic).forEach((partition, end) -> written.put(partition, end - began.getOrDefault(partition, 0L)));
    long total = written.values().stream().mapToLong(Long::longValue).sum();
    long least = written.values().stream().mapToLong(Long::longValue).min().orElse(0);
    long most = written.values().stream().mapToLong(Long::longValue).max().orElse(0);
    StringBuilder table = new StringBuilder(String.format(
        "%n## Spread over %s's %d partitions%n%n"
            + "Records written during the measurement, per partition (offsets, so transaction markers count too):"
            + " fewest %,d, most %,d, ratio %.2f.%n%n| partition | records | share |%n|---|---|---|%n",
        topic, written.size(), least, most, least == 0 ? 0 : most / (double) least));
    written.forEach((partition, records) -> table.append(String.format(
        "| %d | %,d | %.1f%% |%n", partition, records, total == 0 ? 0 : 100.0 * records / total)));
    return table.toString();
  }

  static Map<Integer, Long> endOffsets(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<Integer, Long> offsets = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
      return offsets;
    }
  }
}
