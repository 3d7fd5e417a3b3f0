package dev.pulse.backfill.archive;

import dev.pulse.aggregation.RawEvent;
import dev.pulse.backfill.config.BackfillSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The raw archive, read back as the events the streaming job saw: one Iceberg table per event type,
 * scanned by event time (the tables are partitioned by its hour, so a scan reads only those hours),
 * each event once however often it was submitted.
 */
public final class ArchiveReader implements AutoCloseable {
  private static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";

  private final Catalog catalog;
  private final Namespace namespace;

  public ArchiveReader(BackfillSettings.Archive settings) {
    this.catalog = openCatalog(settings);
    this.namespace = Namespace.of(settings.namespace());
  }

  /** The archive's Iceberg catalog, from Iceberg's own properties (a JDBC catalog unless catalog-impl says otherwise). */
  public static Catalog openCatalog(BackfillSettings.Archive settings) {
    Map<String, String> properties = new HashMap<>();
    settings.catalog().forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        properties.put(k, v);
      }
    });
    String impl = properties.remove(CatalogProperties.CATALOG_IMPL);
    return CatalogUtil.loadCatalog(impl == null ? JDBC_CATALOG : impl, settings.catalogName(), properties, new Configuration());
  }

  /** Event types with a table in the archive. */
  public List<String> eventTypes() {
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
      return List.of();
    }
    return catalog.listTables(namespace).stream().map(TableIdentifier::name).sorted().toList();
  }

  /** Archived rows with an event time in [from, to), from file metadata only: what a scan will read. */
  public long rowsIn(Instant from, Instant to) {
    long rows = 0;
    for (String eventType : eventTypes()) {
      try (CloseableIterable<FileScanTask> files = table(eventType).newScan().filter(range(from, to)).planFiles()) {
        for (FileScanTask file : files) {
          rows += file.file().recordCount();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /**
   * Every distinct event with an event time in [from, to), in no particular order. Duplicates of an
   * event_id (a client's retry, a replay) are passed once, as the streaming job's dedup does.
   *
   * @param rowsRead told of every archived row read, duplicates included, for progress
   */
  public void read(Instant from, Instant to, Consumer<RawEvent> events, Runnable rowsRead) {
    Set<String> seen = new HashSet<>();
    for (String eventType : eventTypes()) {
      try (CloseableIterable<Record> records = IcebergGenerics.read(table(eventType)).where(range(from, to)).build()) {
        for (Record record : records) {
          rowsRead.run();
          RawEvent event = ArchivedEvents.toRawEvent(record);
          if (event.eventTime >= from.toEpochMilli() && event.eventTime < to.toEpochMilli() && seen.add(event.eventId)) {
            events.accept(event);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the archive of " + eventType, e);
      }
    }
  }

  private Table table(String eventType) {
    return catalog.loadTable(TableIdentifier.of(namespace, eventType));
  }

  private static Expression range(Instant from, Instant to) {
    return Expressions.and(
        Expressions.greaterThanOrEqual(ArchivedEvents.EVENT_TIME, micros(from)),
        Expressions.lessThan(ArchivedEvents.EVENT_TIME, micros(to)));
  }

  private static long micros(Instant instant) {
    return instant.toEpochMilli() * 1000;
  }

  @Override
  public void close() throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
