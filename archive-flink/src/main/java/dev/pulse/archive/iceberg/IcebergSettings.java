package dev.pulse.archive.iceberg;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.flink.config.FlinkOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Where the archive lives: an Iceberg catalog (a JDBC catalog on PostgreSQL unless {@code
 * catalog-impl} says otherwise), given as Iceberg's own catalog properties, so that pointing the
 * same jar at S3, another database or a REST catalog is configuration only.
 *
 * @param catalog Iceberg catalog properties: {@code uri}, {@code jdbc.user}, {@code warehouse},
 *     {@code io-impl}, {@code s3.endpoint}, ...; empty values are left unset
 * @param tableProperties properties of every table the archive creates
 */
public record IcebergSettings(
    @JsonProperty(value = "catalogName", required = true) String catalogName,
    @JsonProperty(value = "namespace", required = true) String namespace,
    @JsonProperty(value = "catalog", required = true) Map<String, String> catalog,
    @JsonProperty("tableProperties") Map<String, String> tableProperties)
    implements java.io.Serializable {

  static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";

  public IcebergSettings {
    Objects.requireNonNull(catalogName, "catalogName");
    Objects.requireNonNull(namespace, "namespace");
    catalog = FlinkOptions.withoutEmpty(catalog);
    tableProperties = FlinkOptions.withoutEmpty(tableProperties);
  }

  /** The table of one event type: {@code pulse_raw.page_view}. */
  public TableIdentifier tableOf(String eventType) {
    return TableIdentifier.of(Namespace.of(namespace), eventType);
  }

  public Namespace namespaceId() {
    return Namespace.of(namespace);
  }

  /** What the Flink sink opens the catalog with, on every task manager. */
  public CatalogLoader loader() {
    Map<String, String> properties = new HashMap<>(catalog);
    String impl = properties.remove(CatalogProperties.CATALOG_IMPL);
    return CatalogLoader.custom(catalogName, properties, new Configuration(), impl == null ? JDBC_CATALOG : impl);
  }

  /** The catalog, opened here (the archive service's own use). */
  public Catalog open() {
    return loader().loadCatalog();
  }

  /**
   * Opens the catalog once and closes it: a JDBC catalog creates or migrates its own tables on
   * first open, and the sink's operators would otherwise all do it at once on a fresh database,
   * where all but one fail ("column iceberg_type already exists") and restart the job.
   */
  public void prepare() throws Exception {
    Catalog catalog = open();
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
