package dev.pulse.api;


import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.alerts.AlertRulesFactory;
import dev.pulse.api.auth.ApiKeysFactory;
import dev.pulse.api.auth.TokenFactory;
import dev.pulse.api.catalog.CatalogProvider;
import dev.pulse.api.ingest.IngestFactory;
import dev.pulse.api.kafka.KafkaFactory;
import dev.pulse.api.pinot.PinotFactory;
import dev.pulse.api.query.QueryFactory;
import dev.pulse.api.registry.RegistryFactory;
import dev.pulse.contract.catalog.MetricCatalog;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

public class MetricsApiConfiguration extends Configuration {
  private static final java.time.Duration CATALOG_CHECK_INTERVAL = java.time.Duration.ofSeconds(5);

  @Valid @NotNull private KafkaFactory kafka = new KafkaFactory();
  @Valid @NotNull private RegistryFactory registry = new RegistryFactory();
  @Valid @NotNull private PinotFactory pinot = new PinotFactory();
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();
  @Valid @NotNull private IngestFactory ingest = new IngestFactory();
  @Valid @NotNull private QueryFactory query = new QueryFactory();
  @Valid @NotNull private TokenFactory tokens = new TokenFactory();
  @Valid @NotNull private ApiKeysFactory apiKeys = new ApiKeysFactory();
  @Valid @NotNull private AlertRulesFactory alertRules = new AlertRulesFactory();
  private String catalogPath;
  @NotNull private URI operatorViewUrl = URI.create("http://127.0.0.1:9090/consoles/pulse.html");

  /** The operators' view of the pipeline's health (Prometheus' console), linked from the dashboard. */
  @JsonProperty("operatorViewUrl")
  public URI getOperatorViewUrl() {
    return operatorViewUrl;
  }

  @JsonProperty("operatorViewUrl")
  public void setOperatorViewUrl(URI operatorViewUrl) {
    this.operatorViewUrl = operatorViewUrl;
  }

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

  @JsonProperty("database")
  public DataSourceFactory getDatabase() {
    return database;
  }

  @JsonProperty("database")
  public void setDatabase(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty("ingest")
  public IngestFactory getIngest() {
    return ingest;
  }

  @JsonProperty("ingest")
  public void setIngest(IngestFactory ingest) {
    this.ingest = ingest;
  }

  /** JDBI on the configured database; registers its health check under {@code name}. */
  public Jdbi buildJdbi(Environment environment, String name) {
    return new JdbiFactory().build(environment, database, name);
  }

  @JsonProperty("query")
  public QueryFactory getQuery() {
    return query;
  }

  @JsonProperty("query")
  public void setQuery(QueryFactory query) {
    this.query = query;
  }

  @JsonProperty("apiKeys")
  public ApiKeysFactory getApiKeys() {
    return apiKeys;
  }

  @JsonProperty("apiKeys")
  public void setApiKeys(ApiKeysFactory apiKeys) {
    this.apiKeys = apiKeys;
  }

  @JsonProperty("tokens")
  public TokenFactory getTokens() {
    return tokens;
  }

  @JsonProperty("tokens")
  public void setTokens(TokenFactory tokens) {
    this.tokens = tokens;
  }

  @JsonProperty("alertRules")
  public AlertRulesFactory getAlertRules() {
    return alertRules;
  }

  @JsonProperty("alertRules")
  public void setAlertRules(AlertRulesFactory alertRules) {
    this.alertRules = alertRules;
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
