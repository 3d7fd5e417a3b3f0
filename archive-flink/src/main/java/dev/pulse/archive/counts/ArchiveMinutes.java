package dev.pulse.archive.counts;

import static dev.pulse.contract.archive.ArchiveColumns.EVENT_ID;
import static dev.pulse.contract.archive.ArchiveColumns.EVENT_TIME;

import dev.pulse.archive.iceberg.IcebergSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Archived events per minute of event time, for the reconciliation: rows, and distinct event ids
 * (a producer's duplicate submit is two rows of one event, which the metrics count once). Unlike
 * {@link ArchiveCounts} this reads the data files (two columns of the hours asked for), so a
 * request covers an hour at most.
 */
public final class ArchiveMinutes {
  /** The longest range one request may scan. */
  public static final Duration MAX_RANGE = Duration.ofHours(1);

  /** One minute of event time over every event type. */
  public record MinuteCount(Instant minute, long rows, long events) {}

  private final Catalog catalog;
  private final IcebergSettings iceberg;
  private final ArchiveCounts counts;

  public ArchiveMinutes(Catalog catalog, IcebergSettings iceberg, ArchiveCounts counts) {
    this.catalog = catalog;
    this.iceberg = iceberg;
    this.counts = counts;
  }

  /** Every minute from {@code from} (its minute) to {@code to} (exclusive) that has archived rows. */
  public List<MinuteCount> byMinute(Instant from, Instant to) {
    Instant first = from.truncatedTo(ChronoUnit.MINUTES);
    Map<Instant, long[]> rows = new TreeMap<>();
    Map<Instant, Set<String>> events = new HashMap<>();
    for (String eventType : counts.eventTypes()) {
      Table table = catalog.loadTable(iceberg.tableOf(eventType));
      try (CloseableIterable<Record> records = IcebergGenerics.read(table)
          .where(Expressions.and(Expressions.greaterThanOrEqual(EVENT_TIME, micros(first)),
              Expressions.lessThan(EVENT_TIME, micros(to))))
          .select(EVENT_ID, EVENT_TIME)
          .build()) {
        for (Record record : records) {
          Instant minute = instant(record.getField(EVENT_TIME)).truncatedTo(ChronoUnit.MINUTES);
          if (minute.isBefore(first) || !minute.isBefore(to)) {
            continue; // the filter prunes files; rows outside the range can remain in the ones read
          }
          rows.computeIfAbsent(minute, m -> new long[1])[0]++;
          events.computeIfAbsent(minute, m -> new HashSet<>()).add(String.valueOf(record.getField(EVENT_ID)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the archive of " + eventType, e);
      }
    }
    List<MinuteCount> minutes = new ArrayList<>();
    rows.forEach((minute, count) -> minutes.add(new MinuteCount(minute, count[0], events.get(minute).size())));
    return minutes;
  }

  private static Instant instant(Object value) {
    if (value instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    if (value instanceof LocalDateTime time) {
      return time.toInstant(ZoneOffset.UTC);
    }
    throw new IllegalStateException("event_time is not a timestamp: " + value);
  }

  private static long micros(Instant instant) {
    return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1000;
  }
}
