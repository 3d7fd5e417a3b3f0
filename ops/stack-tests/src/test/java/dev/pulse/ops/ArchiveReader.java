package dev.pulse.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads the archive the way any Iceberg user would, with Iceberg's own generic reader over the
 * catalog in PostgreSQL: a full scan of the data files, independent of the archive's counts API.
 */
final class ArchiveReader implements AutoCloseable {
  private final Catalog catalog;

  private ArchiveReader(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The stack's own archive: catalog "pulse", files in its run directory. */
  static ArchiveReader local(LocalStack stack) {
    return open("pulse", stack, "file://" + stack.archiveWarehouse(), Map.of());
  }

  static ArchiveReader open(String catalogName, LocalStack stack, String warehouse, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("uri", "jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/pulse_iceberg");
    properties.put("jdbc.user", "pulse");
    properties.put("jdbc.schema-version", "V1");
    properties.put("warehouse", warehouse);
    return new ArchiveReader(
        CatalogUtil.loadCatalog("org.apache.iceberg.jdbc.JdbcCatalog", catalogName, properties, new Configuration()));
  }

  boolean exists(String eventType) {
    return catalog.tableExists(id(eventType));
  }

  Table table(String eventType) {
    return catalog.loadTable(id(eventType));
  }

  /** Every row of the table that matches, read from the data files. */
  List<Record> rows(String eventType, Expression filter) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table(eventType)).where(filter).build()) {
      records.forEach(record -> rows.add(record.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** The table's live data files. */
  List<DataFile> files(String eventType, Expression filter) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table(eventType).newScan().filter(filter).planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static TableIdentifier id(String eventType) {
    return TableIdentifier.of("pulse_raw", eventType);
  }

  @Override
  public void close() throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
