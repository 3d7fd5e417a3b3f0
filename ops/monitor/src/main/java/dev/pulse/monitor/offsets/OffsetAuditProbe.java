package dev.pulse.monitor.offsets;

import dev.pulse.contract.Topics;
import dev.pulse.monitor.archive.ArchiveClient;
import dev.pulse.monitor.archive.ArchiveClient.Coverage;
import dev.pulse.monitor.archive.ArchiveClient.Range;
import dev.pulse.monitor.probe.Probe;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The design's hourly check of Kafka's offset counts against the archive: for each closed period
 * (an hour; shorter in the tests) of record time, every offset of events.raw that Kafka wrote in it
 * must be in the archive, in events.dlq (a record no job could use), or not a record at all (a
 * transaction marker or an aborted record). Anything else is {@code missing}: accepted, and neither
 * archived nor dead-lettered. Unlike the per-minute reconciliation, this needs no recount and no
 * memory of event ids, and it covers records that arrived late by event time.
 *
 * <p>A period is judged once the archive's consumer group has committed past it, or {@code maxWait}
 * after its end at the latest; an archive that is that far behind shows as missing, which is loud.
 */
public class OffsetAuditProbe implements Probe {
  /** One period's books. */
  record Books(long offsets, long archived, long deadLetters, long notRecords, long missing) {
    Books plus(Books other) {
      return new Books(offsets + other.offsets, archived + other.archived, deadLetters + other.deadLetters,
          notRecords + other.notRecords, missing + other.missing);
    }
  }

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final Admin admin;
  private final String archiveGroup;
  private final ArchiveClient archive;
  private final DeadLetterOffsets deadLetters;
  private final Duration period;
  private final Duration settle;
  private final Duration maxWait;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, Gauge> gauges = new HashMap<>();
  private final Gauge judgedEnd;
  private long judgedUpTo;
  private String exportedPeriod;

  public OffsetAuditProbe(Supplier<Consumer<byte[], byte[]>> consumers, Admin admin, String archiveGroup,
      ArchiveClient archive, DeadLetterOffsets deadLetters, Duration period, Duration settle, Duration timeout,
      Clock clock, PrometheusRegistry registry) {
    this.consumers = consumers;
    this.admin = admin;
    this.archiveGroup = archiveGroup;
    this.archive = archive;
    this.deadLetters = deadLetters;
    this.period = period;
    this.settle = settle;
    this.maxWait = period;
    this.timeout = timeout;
    this.clock = clock;
    gauge(registry, "kafka_offsets", "Offsets of events.raw that Kafka wrote in the period (end minus start, every partition)");
    gauge(registry, "archived", "Of those, offsets the archive holds");
    gauge(registry, "dead_letters", "Of those, records a job sent to events.dlq");
    gauge(registry, "not_records", "Of those, transaction markers and aborted records, which nobody reads");
    gauge(registry, "missing", "Of those, committed records that are neither archived nor dead-lettered");
    this.judgedEnd = Gauge.builder().name("pulse_offset_audit_period_end_timestamp_seconds")
        .help("End of the newest period of events.raw audited against the archive").register(registry);
  }

  private void gauge(PrometheusRegistry registry, String name, String help) {
    gauges.put(name, Gauge.builder().name("pulse_offset_audit_" + name).help(help).labelNames("period").register(registry));
  }

  @Override
  public String name() {
    return "offset-audit";
  }

  @Override
  public void run() throws Exception {
    long now = clock.millis();
    long end = Math.floorDiv(now - settle.toMillis(), period.toMillis()) * period.toMillis();
    if (end <= judgedUpTo) {
      return;
    }
    long start = end - period.toMillis();
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      Map<TopicPartition, Range> ranges = ranges(consumer, start, end);
      if (!archiveReadPast(ranges) && now < end + maxWait.toMillis()) {
        return; // the archive has not committed the period yet: judge it when it has
      }
      Map<Integer, Set<Long>> lettered = deadLetters.since(start);
      Books books = new Books(0, 0, 0, 0, 0);
      for (Map.Entry<TopicPartition, Range> entry : ranges.entrySet()) {
        books = books.plus(audit(consumer, entry.getKey(), entry.getValue(),
            lettered.getOrDefault(entry.getKey().partition(), Set.of())));
      }
      export(Instant.ofEpochMilli(start).toString(), books);
    }
    judgedEnd.set(end / 1000.0);
    judgedUpTo = end;
  }

  /** Per partition, the offsets Kafka wrote from {@code start} to {@code end} by its time index. */
  private Map<TopicPartition, Range> ranges(Consumer<byte[], byte[]> consumer, long start, long end) {
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS_RAW.name(), timeout).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> from = offsetsAt(consumer, partitions, start, ends);
    Map<TopicPartition, Long> to = offsetsAt(consumer, partitions, end, ends);
    Map<TopicPartition, Range> ranges = new HashMap<>();
    for (TopicPartition partition : partitions) {
      ranges.put(partition, new Range(from.get(partition), to.get(partition)));
    }
    return ranges;
  }

  /** The first offset at or after {@code time}; the log end when there is none yet. */
  private Map<TopicPartition, Long> offsetsAt(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
      long time, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, time));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp offset = found.get(partition);
      offsets.put(partition, offset == null ? ends.get(partition) : offset.offset());
    }
    return offsets;
  }

  private boolean archiveReadPast(Map<TopicPartition, Range> ranges) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(archiveGroup)
        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (Map.Entry<TopicPartition, Range> entry : ranges.entrySet()) {
      OffsetAndMetadata offset = committed.get(entry.getKey());
      if (entry.getValue().size() > 0 && (offset == null || offset.offset() < entry.getValue().to())) {
        return false;
      }
    }
    return true;
  }

  private Books audit(Consumer<byte[], byte[]> consumer, TopicPartition partition, Range range, Set<Long> lettered)
      throws Exception {
    if (range.size() <= 0) {
      return new Books(0, 0, 0, 0, 0);
    }
    Coverage coverage = archive.coverage(partition.partition(), range);
    if (coverage.truncated()) {
      // Too many gaps to look at one by one: every unarchived offset counts as missing, loudly.
      return new Books(range.size(), coverage.archived(), 0, 0, range.size() - coverage.archived());
    }
    long deadLettered = 0;
    for (Range gap : coverage.gaps()) {
      for (long offset = gap.from(); offset < gap.to(); offset++) {
        if (lettered.contains(offset)) {
          deadLettered++;
        }
      }
    }
    long missing = coverage.gaps().isEmpty() ? 0
        : CommittedRecords.in(consumer, partition, coverage.gaps(), lettered, timeout);
    long notRecords = range.size() - coverage.archived() - deadLettered - missing;
    return new Books(range.size(), coverage.archived(), deadLettered, notRecords, missing);
  }

  /** Only the newest period stands: the series of the one before end. */
  private void export(String periodStart, Books books) {
    if (exportedPeriod != null && !exportedPeriod.equals(periodStart)) {
      gauges.values().forEach(gauge -> gauge.remove(exportedPeriod));
    }
    exportedPeriod = periodStart;
    gauges.get("kafka_offsets").labelValues(periodStart).set(books.offsets());
    gauges.get("archived").labelValues(periodStart).set(books.archived());
    gauges.get("dead_letters").labelValues(periodStart).set(books.deadLetters());
    gauges.get("not_records").labelValues(periodStart).set(books.notRecords());
    gauges.get("missing").labelValues(periodStart).set(books.missing());
  }
}
