package dev.pulse.monitor;

import com.codahale.metrics.health.HealthCheck;
import dev.pulse.contract.Topics;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.WatchedCatalog;
import dev.pulse.contract.events.WireFormatDecoder;
import dev.pulse.contract.http.PrometheusEndpoint;
import dev.pulse.monitor.anomaly.AnomalyProbe;
import dev.pulse.monitor.archive.ArchiveClient;
import dev.pulse.monitor.freshness.FreshnessProbe;
import dev.pulse.monitor.lag.ConsumerLagProbe;
import dev.pulse.monitor.lag.RecordTimes;
import dev.pulse.monitor.lag.TopicEnds;
import dev.pulse.monitor.offsets.DeadLetterOffsets;
import dev.pulse.monitor.offsets.OffsetAuditProbe;
import dev.pulse.monitor.pinot.PinotClient;
import dev.pulse.monitor.pinot.PinotIngestionProbe;
import dev.pulse.monitor.probe.ProbeLoop;
import dev.pulse.monitor.reconcile.EventTally;
import dev.pulse.monitor.reconcile.ReconciliationProbe;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The pipeline monitor: Kafka consumer lag, Pinot's ingestion lag, the served freshness, the exact
 * reconciliation and the metrics' z-scores, as Prometheus metrics at {@code /admin/prometheus}. It
 * depends on Kafka, the registry, Pinot and the archive only, never on the API, so it sees an API
 * outage instead of going blind with it.
 */
public class MonitorApplication extends Application<MonitorConfiguration> {
  private static final Duration CATALOG_CHECK_INTERVAL = Duration.ofSeconds(5);

  public static void main(String[] args) throws Exception {
    new MonitorApplication().run(args);
  }

  @Override
  public String getName() {
    return "pulse-monitor";
  }

  @Override
  public void initialize(Bootstrap<MonitorConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
  }

  @Override
  public void run(MonitorConfiguration config, Environment environment) {
    PrometheusEndpoint prometheus = new PrometheusEndpoint(environment.metrics());
    environment.admin().addServlet("prometheus", prometheus.servlet()).addMapping("/prometheus");

    Duration timeout = config.kafka().requestTimeout().toJavaDuration();
    Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
    TopicEnds ends = new TopicEnds(admin, timeout);
    RecordTimes groupTimes = new RecordTimes(config.kafka().bootstrapServers(), timeout);
    RecordTimes pinotTimes = new RecordTimes(config.kafka().bootstrapServers(), timeout);
    PinotClient pinot = new PinotClient(environment.getObjectMapper(), config.pinot().brokerUrl(),
        config.pinot().controllerUrl(), config.pinot().timeout().toJavaDuration());
    Clock clock = Clock.systemUTC();
    var registry = prometheus.registry();

    MonitorConfiguration.ReconciliationSettings audit = config.reconciliation();
    EventTally tally = new EventTally(() -> recountConsumer(config.kafka().bootstrapServers()),
        WireFormatDecoder.forRegistry(config.registryUrl()), audit.lookBack().toJavaDuration(), clock);
    environment.lifecycle().manage(tally);
    ArchiveClient archive = new ArchiveClient(environment.getObjectMapper(), audit.archiveUrl(), timeout);

    ProbeLoop probes = new ProbeLoop(List.of(
        new ConsumerLagProbe(admin, config.kafka().groups(), ends, groupTimes, timeout, clock, registry),
        new PinotIngestionProbe(pinot, config.pinot().realtimeTable(), Topics.METRICS_AGG.name(), ends, pinotTimes,
            clock, registry),
        new FreshnessProbe(pinot, config.pinot().realtimeTable(), clock, registry),
        new ReconciliationProbe(tally, pinot, config.pinot().realtimeTable(), audit.countMetric(), archive,
            audit.settle().toJavaDuration(), audit.archiveSettle().toJavaDuration(), clock, registry),
        new AnomalyProbe(catalog(config.anomaly().catalogPath()), pinot, config.pinot().realtimeTable(),
            config.anomaly().baseline().toJavaDuration(), config.anomaly().settle().toJavaDuration(), clock, registry),
        offsetAudit(config, admin, archive, timeout, clock, environment, registry)),
        config.interval().toJavaDuration(), registry);
    environment.lifecycle().manage(probes);
    environment.lifecycle().manage(closing(admin, groupTimes, pinotTimes));
    environment.healthChecks().register("probes", new HealthCheck() {
      @Override
      protected Result check() {
        return probes.problem().map(Result::unhealthy).orElseGet(Result::healthy);
      }
    });
  }

  private static OffsetAuditProbe offsetAudit(MonitorConfiguration config, Admin admin, ArchiveClient archive,
      Duration timeout, Clock clock, Environment environment, PrometheusRegistry registry) {
    MonitorConfiguration.OffsetAuditSettings audit = config.offsetAudit();
    String bootstrap = config.kafka().bootstrapServers();
    return new OffsetAuditProbe(() -> recountConsumer(bootstrap), admin, audit.archiveGroup(), archive,
        new DeadLetterOffsets(() -> recountConsumer(bootstrap), environment.getObjectMapper(), timeout),
        audit.period().toJavaDuration(), audit.settle().toJavaDuration(), timeout, clock, registry);
  }

  /** The catalog the jobs compute, re-read when its file changes, as they do. */
  private static Supplier<MetricCatalog> catalog(String path) {
    if (path == null || path.isBlank()) {
      MetricCatalog shipped = MetricCatalog.loadDefault();
      return () -> shipped;
    }
    WatchedCatalog watched = new WatchedCatalog(Path.of(path), CATALOG_CHECK_INTERVAL);
    return watched::current;
  }

  /** Reads events.raw as the jobs do (committed records only), without a consumer group. */
  private static Consumer<byte[], byte[]> recountConsumer(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static Managed closing(AutoCloseable... resources) {
    return new Managed() {
      @Override
      public void stop() throws Exception {
        for (AutoCloseable resource : resources) {
          resource.close();
        }
      }
    };
  }
}
