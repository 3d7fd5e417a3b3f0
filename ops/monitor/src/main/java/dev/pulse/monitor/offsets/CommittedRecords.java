package dev.pulse.monitor.offsets;

import dev.pulse.monitor.archive.ArchiveClient.Range;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of some ranges hold committed records. An offset without one is a transaction
 * marker or an aborted record, which no reader ever sees: the archive rightly lacks it. Reads with
 * a read_committed consumer, whose position steps over both.
 */
final class CommittedRecords {
  private CommittedRecords() {}

  /** Committed records in {@code gaps}, less those in {@code accounted}; gaps in offset order. */
  static long in(Consumer<byte[], byte[]> consumer, TopicPartition partition, List<Range> gaps, Set<Long> accounted,
      Duration timeout) {
    consumer.assign(List.of(partition));
    long found = 0;
    long readUpTo = -1;
    for (Range gap : gaps) {
      if (gap.to() <= readUpTo) {
        continue; // read already, with the gap before it
      }
      consumer.seek(partition, Math.max(gap.from(), readUpTo));
      long deadline = System.nanoTime() + timeout.multipliedBy(5).toNanos();
      while (consumer.position(partition, timeout) < gap.to() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
          if (inAny(gaps, record.offset()) && !accounted.contains(record.offset())) {
            found++;
          }
        }
      }
      if (consumer.position(partition, timeout) < gap.to()) {
        throw new IllegalStateException("could not read " + partition + " up to offset " + gap.to() + " in time");
      }
      readUpTo = consumer.position(partition, timeout);
    }
    return found;
  }

  private static boolean inAny(List<Range> gaps, long offset) {
    for (Range gap : gaps) {
      if (offset >= gap.from() && offset < gap.to()) {
        return true;
      }
    }
    return false;
  }
}
