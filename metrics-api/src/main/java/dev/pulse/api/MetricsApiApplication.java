package dev.pulse.api;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pulse.api.cli.ProvisionCommand;
import dev.pulse.api.core.EventIngestor;
import dev.pulse.api.core.EventRecordBuilder;
import dev.pulse.api.core.MetricReader;
import dev.pulse.api.health.KafkaHealthCheck;
import dev.pulse.api.health.PinotHealthCheck;
import dev.pulse.api.health.RegistryHealthCheck;
import dev.pulse.api.kafka.EventPublisher;
import dev.pulse.api.kafka.KafkaFactory;
import dev.pulse.api.pinot.PinotBroker;
import dev.pulse.api.registry.SchemaRegistryClient;
import dev.pulse.api.resources.EventsResource;
import dev.pulse.api.resources.MetricsResource;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;

/** Wires the service together; the parts themselves live in core/, kafka/, registry/ and pinot/. */
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
  }

  @Override
  public void run(MetricsApiConfiguration config, Environment environment) {
    Clock clock = Clock.systemUTC();
    SchemaRegistryClient registry = config.getRegistry().buildClient();
    PinotBroker pinot = config.getPinot().buildBroker();

    Producer<String, GenericRecord> producer = config.getKafka().buildEventProducer(config.getRegistry());
    environment.lifecycle().manage(KafkaFactory.closing(producer));
    Admin admin = config.getKafka().buildAdmin();
    environment.lifecycle().manage(KafkaFactory.closing(admin));

    EventIngestor ingestor =
        new EventIngestor(
            new EventRecordBuilder(config.getRegistry().buildSchemaCache(registry)),
            new EventPublisher(producer, Duration.ofMillis(config.getKafka().getSendTimeout().toMilliseconds())),
            clock);
    environment.jersey().register(new EventsResource(ingestor));
    environment.jersey().register(new MetricsResource(config.buildCatalog(), new MetricReader(pinot), clock));

    environment.healthChecks().register("kafka", new KafkaHealthCheck(admin));
    environment.healthChecks().register("schema-registry", new RegistryHealthCheck(registry));
    environment.healthChecks().register("pinot", new PinotHealthCheck(pinot));
  }
}
