package dev.pulse.monitor.reconcile;

import dev.pulse.contract.Topics;
import dev.pulse.contract.events.EventFields;
import dev.pulse.contract.events.WireFormatDecoder;
import dev.pulse.contract.events.WireFormatDecoder.BadRecordException;
import dev.pulse.monitor.probe.FinalMinutes;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation's own recount of what was accepted: it reads events.raw itself (read_committed,
 * no consumer group, from {@code lookBack} ago), decodes each record with the registry as the jobs
 * do, and counts per minute of event time the distinct event ids, the duplicates and, per minute of
 * the record's timestamp, the records no job can decode (dead letters). An event id counts in the
 * minute it was first seen in, as the pre-aggregation's dedup counts it.
 *
 * <p>Ids are kept for {@code lookBack} only: a duplicate resubmitted later than that counts again.
 */
public class EventTally implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(EventTally.class);

  /** One minute's figures. */
  public record Minute(long distinct, long duplicates, long undecodable) {}

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final WireFormatDecoder decoder;
  private final Duration lookBack;
  private final Clock clock;
  private final NavigableMap<Long, long[]> minutes = new TreeMap<>();
  private final Map<String, Long> firstSeen = new HashMap<>();
  private final Map<Long, Set<String>> idsByMinute = new HashMap<>();
  private volatile long caughtUpAt;
  private volatile boolean running;
  private Consumer<byte[], byte[]> consumer;
  private Thread thread;

  public EventTally(Supplier<Consumer<byte[], byte[]>> consumers, WireFormatDecoder decoder, Duration lookBack,
      Clock clock) {
    this.consumers = consumers;
    this.decoder = decoder;
    this.lookBack = lookBack;
    this.clock = clock;
  }

  @Override
  public void start() {
    consumer = consumers.get();
    running = true;
    thread = new Thread(this::run, "event-tally");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }

  /** The wall-clock time at which the tally last held every record Kafka had; 0 before that. */
  public long caughtUpAt() {
    return caughtUpAt;
  }

  /** The figures of the minute that starts at {@code minuteStart} (epoch ms); zeros if none came. */
  public synchronized Minute minute(long minuteStart) {
    long[] counts = minutes.getOrDefault(minuteStart, new long[3]);
    return new Minute(counts[0], counts[1], counts[2]);
  }

  private void run() {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS_RAW.name()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      seekToLookBack(partitions);
      while (running) {
        long polledAt = clock.millis();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          count(record);
        }
        if (partitions.stream().allMatch(partition -> consumer.currentLag(partition).orElse(1) == 0)) {
          caughtUpAt = polledAt;
        }
        evictBefore(polledAt - lookBack.toMillis());
      }
    } catch (WakeupException stopping) {
      // stop() was called
    } catch (RuntimeException e) {
      LOG.error("The event tally stopped; the reconciliation probe reports it", e);
    } finally {
      running = false;
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Whether the tally reads on; a stopped tally leaves the reconciliation without its recount. */
  public boolean running() {
    return running;
  }

  private void seekToLookBack(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> since = new HashMap<>();
    partitions.forEach(partition -> since.put(partition, clock.millis() - lookBack.toMillis()));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
    consumer.seekToEnd(partitions);
    offsets.forEach((partition, offset) -> {
      if (offset != null) {
        consumer.seek(partition, offset.offset());
      }
    });
  }

  private synchronized void count(ConsumerRecord<byte[], byte[]> record) {
    GenericRecord event;
    long eventTime;
    try {
      event = decoder.decode(record.value());
      eventTime = EventFields.eventTimeMillis(event.get(EventFields.EVENT_TIME), event.get(EventFields.SERVER_TIMESTAMP));
    } catch (BadRecordException | IllegalArgumentException | org.apache.avro.AvroRuntimeException e) {
      minutes.computeIfAbsent(FinalMinutes.minuteOf(record.timestamp()), m -> new long[3])[2]++;
      return;
    }
    long minute = FinalMinutes.minuteOf(eventTime);
    String id = String.valueOf(event.get(EventFields.EVENT_ID));
    long[] counts = minutes.computeIfAbsent(minute, m -> new long[3]);
    if (firstSeen.putIfAbsent(id, minute) == null) {
      counts[0]++;
      idsByMinute.computeIfAbsent(minute, m -> new HashSet<>()).add(id);
    } else {
      counts[1]++;
    }
  }

  private synchronized void evictBefore(long time) {
    long oldest = FinalMinutes.minuteOf(time);
    while (!minutes.isEmpty() && minutes.firstKey() < oldest) {
      long minute = minutes.pollFirstEntry().getKey();
      Set<String> ids = idsByMinute.remove(minute);
      if (ids != null) {
        ids.forEach(firstSeen::remove);
      }
    }
  }
}
