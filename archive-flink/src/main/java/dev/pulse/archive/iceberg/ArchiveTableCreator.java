package dev.pulse.archive.iceberg;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.sink.dynamic.TableCreator;

/**
 * Creates an event type's table when its first event arrives, with the archive's table properties
 * (format, file size, compression); the namespace too, on a fresh catalog.
 */
public final class ArchiveTableCreator implements TableCreator {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> tableProperties;

  public ArchiveTableCreator(Map<String, String> tableProperties) {
    this.tableProperties = Map.copyOf(tableProperties);
  }

  @Override
  public Table createTable(Catalog catalog, TableIdentifier identifier, Schema schema, PartitionSpec spec) {
    ensureNamespace(catalog, identifier);
    try {
      return catalog.buildTable(identifier, schema).withPartitionSpec(spec).withProperties(tableProperties).create();
    } catch (AlreadyExistsException e) {
      return catalog.loadTable(identifier); // another writer created it first
    }
  }

  private static void ensureNamespace(Catalog catalog, TableIdentifier identifier) {
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(identifier.namespace())) {
      try {
        namespaces.createNamespace(identifier.namespace());
      } catch (AlreadyExistsException e) {
        // created meanwhile; fine
      }
    }
  }
}
