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

  /**
   * The catalog, opened here (the archive service's own use). The first open of a JDBC catalog on a
   * fresh database creates and migrates its tables; when the job and the service start together,
   * one of them loses that race ("column iceberg_type ... already exists") and opens again once the
   * other has finished.
   */
  public Catalog open() {
    for (int attempt = 1; ; attempt++) {
      try {
        return loader().loadCatalog();
      } catch (RuntimeException e) {
        if (attempt >= 5 || !concurrentMigration(e)) {
          throw e;
        }
        sleep(attempt);
      }
    }
  }

  private static boolean concurrentMigration(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && message.contains("already exists")) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(int attempt) {
    try {
      Thread.sleep(500L * attempt);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the catalog", interrupted);
    }
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
