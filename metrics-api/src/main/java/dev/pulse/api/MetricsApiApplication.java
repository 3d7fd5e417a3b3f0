package dev.pulse.api;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pulse.api.admission.Admission;
import dev.pulse.api.alerts.AlertRuleStore;
import dev.pulse.api.alerts.RulePublisher;
import dev.pulse.api.alerts.StoredRule;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.auth.Caller;
import dev.pulse.api.auth.CallerAuthenticator;
import dev.pulse.api.auth.JsonUnauthorizedHandler;
import dev.pulse.api.auth.KeyIssuer;
import dev.pulse.api.auth.TokenSigner;
import dev.pulse.api.catalog.CatalogProvider;
import dev.pulse.api.cli.CreateKeyCommand;
import dev.pulse.api.cli.ProvisionCommand;
import dev.pulse.api.db.ApiKeyDao;
import dev.pulse.api.db.Migrations;
import dev.pulse.api.health.KafkaHealthCheck;
import dev.pulse.api.health.PinotHealthCheck;
import dev.pulse.api.health.RegistryHealthCheck;
import dev.pulse.api.ingest.DeadLetterReplayer;
import dev.pulse.api.ingest.EventIngestor;
import dev.pulse.api.ingest.IngestMetrics;
import dev.pulse.contract.http.PrometheusEndpoint;
import dev.pulse.api.ingest.EventRecordBuilder;
import dev.pulse.api.ingest.IngestLimits;
import dev.pulse.api.kafka.DeadLetterPublisher;
import dev.pulse.api.kafka.DeadLetterReader;
import dev.pulse.api.kafka.EventPublisher;
import dev.pulse.api.kafka.KafkaFactory;
import dev.pulse.api.pinot.PinotBroker;
import dev.pulse.api.query.ColumnCoverage;
import dev.pulse.api.query.HistoryCoverage;
import dev.pulse.api.query.MetricReader;
import dev.pulse.api.query.RecentRows;
import dev.pulse.api.query.RecentRowsFactory;
import dev.pulse.api.query.QueryLimits;
import dev.pulse.api.query.ServedFreshness;
import dev.pulse.api.registry.EventSchemaCache;
import dev.pulse.api.registry.SchemaRegistryClient;
import dev.pulse.api.resources.AlertRuleResource;
import dev.pulse.api.resources.ApiDocument;
import dev.pulse.api.resources.DeadLetterResource;
import dev.pulse.api.resources.DatabaseUnavailableMapper;
import dev.pulse.api.resources.EventsResource;
import dev.pulse.api.resources.KeyResource;
import dev.pulse.api.resources.MetricsResource;
import dev.pulse.api.resources.PagesResource;
import dev.pulse.api.resources.SchemaResource;
import dev.pulse.api.resources.TokenResource;
import dev.pulse.api.resources.UnreadRequestBody;
import dev.pulse.contract.http.JsonBodyErrorMapper;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Optional;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;

/** Wires the service together; the parts themselves live in core/, kafka/, registry/, pinot/ and auth/. */
public class MetricsApiApplication extends Application<MetricsApiConfiguration> {

  public static void main(String[] args) throws Exception {
    new MetricsApiApplication().run(args);
  }

  @Override
  public String getName() {
    return "metrics-api";
  }

  @Override
  public void initialize(Bootstrap<MetricsApiConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    // Instants go out as ISO-8601 strings, the same form window_start and window_end come in.
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    bootstrap.addCommand(new ProvisionCommand());
    bootstrap.addCommand(new CreateKeyCommand());
  }

  @Override
  public void run(MetricsApiConfiguration config, Environment environment) {
    Clock clock = Clock.systemUTC();
    Migrations.migrate(config.getDatabase());
    Jdbi jdbi = config.buildJdbi(environment, "postgresql");
    ApiKeyDao keys = jdbi.onDemand(ApiKeyDao.class);
    TokenSigner tokens = config.getTokens().buildSigner(clock);
    PrometheusEndpoint prometheus = new PrometheusEndpoint(environment.metrics());
    environment.admin().addServlet("prometheus", prometheus.servlet()).addMapping("/prometheus");
    registerAuth(environment, config.getApiKeys().build(keys, prometheus.registry()), tokens);
    environment.jersey().register(new DatabaseUnavailableMapper());
    environment.jersey().register(new DatabaseUnavailableMapper.KeysUnavailableMapper());

    SchemaRegistryClient registry = config.getRegistry().buildClient();
    Admission.Kinds admissions = new Admission.Kinds(prometheus.registry());
    PinotBroker pinot = config.getPinot().buildBroker(admissions);
    Producer<String, byte[]> eventProducer = config.getKafka().buildEventProducer();
    Producer<byte[], byte[]> deadLetterProducer = config.getKafka().buildDeadLetterProducer();
    Admin admin = config.getKafka().buildAdmin();
    environment.lifecycle().manage(KafkaFactory.closing(eventProducer));
    environment.lifecycle().manage(KafkaFactory.closing(deadLetterProducer));
    environment.lifecycle().manage(KafkaFactory.closing(admin));

    IngestLimits limits = config.getIngest().buildLimits();
    QueryLimits queryLimits = config.getQuery().buildLimits();
    Duration ackTimeout = Duration.ofMillis(config.getKafka().getSendTimeout().toMilliseconds());
    EventSchemaCache schemas = config.getRegistry().buildSchemaCache(registry);
    EventRecordBuilder builder = new EventRecordBuilder(schemas, limits);
    EventPublisher events = new EventPublisher(eventProducer);
    EventIngestor ingestor =
        new EventIngestor(
            builder, events, new DeadLetterPublisher(deadLetterProducer), limits, ackTimeout,
            new IngestMetrics(prometheus.registry()));
    DeadLetterReader deadLetters = new DeadLetterReader(config.getKafka()::buildDeadLetterReader);

    environment.jersey().register(new EventsResource(ingestor, limits, config.getIngest().buildRateLimiter(),
        config.getIngest().buildAdmission(admissions), clock));
    CatalogProvider catalog = config.buildCatalog();
    HistoryCoverage history = new HistoryCoverage(pinot, Duration.ofSeconds(5));
    ColumnCoverage columns = new ColumnCoverage(pinot, Duration.ofSeconds(30));
    MetricReader reader = new MetricReader(pinot, history, columns, queryLimits, clock,
        recentRows(environment, config.getQuery().getRecentRows(), config.getPinot().buildRecentRowsBroker(admissions),
            columns, clock, prometheus.registry()),
        config.getQuery().getRecentRows().buildAdmission(admissions), prometheus.registry());
    environment.jersey().register(new MetricsResource(
        catalog, config.getQuery().buildCache(reader::read, q -> history.of(q.metric().name()).hashCode(), clock), queryLimits, config.getQuery().cacheSettledSeconds(),
        new ServedFreshness(prometheus.registry()), clock));
    environment.jersey().register(new SchemaResource(registry, schemas));
    environment.jersey().register(
        new DeadLetterResource(deadLetters, new DeadLetterReplayer(deadLetters, builder, events, ackTimeout)));
    environment.jersey().register(new KeyResource(new KeyIssuer(keys)));
    environment.jersey().register(
        new TokenResource(tokens, catalog, config.getTokens().defaultTtl(), config.getTokens().maxTtl()));
    environment.jersey().register(new PagesResource(tokens, catalog, config.getOperatorViewUrl()));
    registerAlertRules(environment, config, jdbi, catalog, deadLetterProducer, ackTimeout);
    environment.jersey().register(ApiDocument.resource(version()));
    environment.jersey().register(new UnreadRequestBody(limits.maxRequestBytes()));
    environment.jersey().register(new JsonBodyErrorMapper());

    environment.healthChecks().register("kafka", new KafkaHealthCheck(admin));
    environment.healthChecks().register("schema-registry", new RegistryHealthCheck(registry));
    environment.healthChecks().register("pinot", new PinotHealthCheck(pinot));
  }

  /** The recent rows that answer tenants' reads, and the feed that keeps them current, if enabled. */
  private static Optional<RecentRows> recentRows(Environment environment, RecentRowsFactory settings,
      PinotBroker pinot, ColumnCoverage columns, Clock clock, PrometheusRegistry registry) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    RecentRowsFactory.Built built = settings.build(pinot, columns, clock, registry);
    environment.lifecycle().manage(built.feed());
    return Optional.of(built.rows());
  }

  /** Rules go through the same idempotent, acks=all byte producer as dead letters. */
  private static void registerAlertRules(Environment environment, MetricsApiConfiguration config, Jdbi jdbi,
      CatalogProvider catalog, Producer<byte[], byte[]> producer, Duration ackTimeout) {
    AlertRuleStore store = new AlertRuleStore(jdbi, environment.getObjectMapper());
    RulePublisher publisher = new RulePublisher(
        producer, () -> store.list().stream().map(StoredRule::rule).toList(), ackTimeout);
    environment.lifecycle().manage(publisher);
    environment.jersey().register(new AlertRuleResource(store,
        config.getAlertRules().buildValidator(catalog, environment.getObjectMapper()), publisher, environment.getObjectMapper()));
  }

  private static String version() {
    String version = MetricsApiApplication.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * Bearer credentials: API keys, checked against PostgreSQL through {@link dev.pulse.api.auth.ApiKeyCache}
   * (revocations apply within {@code apiKeys.checkEvery}; known keys keep working while the database
   * is down), and signed read tokens, which need no database. Resources say who may call them with
   * @RolesAllowed; unannotated ones are open.
   */
  private static void registerAuth(Environment environment, Authenticator<String, ApiKey> keys, TokenSigner tokens) {
    environment.jersey().register(
        new AuthDynamicFeature(
            new OAuthCredentialAuthFilter.Builder<Caller>()
                .setAuthenticator(new CallerAuthenticator(tokens, keys))
                .setAuthorizer((caller, role, request) -> caller.role().equals(role))
                .setPrefix("Bearer")
                .setRealm("pulse")
                .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                .buildAuthFilter()));
    environment.jersey().register(RolesAllowedDynamicFeature.class);
    environment.jersey().register(new AuthValueFactoryProvider.Binder<>(ApiKey.class));
  }
}
