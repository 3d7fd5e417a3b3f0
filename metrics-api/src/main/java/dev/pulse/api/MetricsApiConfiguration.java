package dev.pulse.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.kafka.KafkaFactory;
import dev.pulse.api.pinot.PinotFactory;
import dev.pulse.api.registry.RegistryFactory;
import dev.pulse.api.core.CatalogProvider;
import dev.pulse.contract.catalog.MetricCatalog;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

public class MetricsApiConfiguration extends Configuration {
  private static final java.time.Duration CATALOG_CHECK_INTERVAL = java.time.Duration.ofSeconds(5);

  @Valid @NotNull private KafkaFactory kafka = new KafkaFactory();
  @Valid @NotNull private RegistryFactory registry = new RegistryFactory();
  @Valid @NotNull private PinotFactory pinot = new PinotFactory();
  private String catalogPath;

  @JsonProperty("kafka")
  public KafkaFactory getKafka() {
    return kafka;
  }

  @JsonProperty("kafka")
  public void setKafka(KafkaFactory kafka) {
    this.kafka = kafka;
  }

  @JsonProperty("registry")
  public RegistryFactory getRegistry() {
    return registry;
  }

  @JsonProperty("registry")
  public void setRegistry(RegistryFactory registry) {
    this.registry = registry;
  }

  @JsonProperty("pinot")
  public PinotFactory getPinot() {
    return pinot;
  }

  @JsonProperty("pinot")
  public void setPinot(PinotFactory pinot) {
    this.pinot = pinot;
  }

  @JsonProperty("catalogPath")
  public void setCatalogPath(String catalogPath) {
    this.catalogPath = catalogPath;
  }

  /** The metric catalog this service serves: a file re-read when it changes, else the contract's. */
  public CatalogProvider buildCatalog() {
    return catalogPath == null || catalogPath.isBlank()
        ? CatalogProvider.fixed(MetricCatalog.loadDefault())
        : CatalogProvider.watching(Path.of(catalogPath), CATALOG_CHECK_INTERVAL);
  }
}
