package dev.pulse.api.cli;

import dev.pulse.api.MetricsApiConfiguration;
import dev.pulse.api.kafka.TopicProvisioner;
import dev.pulse.api.registry.SchemaProvisioner;
import dev.pulse.contract.Topics;
import dev.pulse.contract.events.EventSchemas;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code provision <config.yml>}: creates the topics, registers the event schemas and applies the
 * Pinot tables, with the same configuration the service runs with. Idempotent.
 */
public class ProvisionCommand extends ConfiguredCommand<MetricsApiConfiguration> {

  public ProvisionCommand() {
    super("provision", "Create topics, register event schemas and apply Pinot tables (idempotent)");
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser
        .addArgument("--replication-factor")
        .type(Short.class)
        .setDefault((short) 1)
        .help("replication factor of topics that are created");
    subparser
        .addArgument("--skip-pinot")
        .action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
        .help("leave the Pinot tables alone (for a stack without Pinot, such as a benchmark's)");
  }

  @Override
  protected void run(
      Bootstrap<MetricsApiConfiguration> bootstrap, Namespace namespace, MetricsApiConfiguration config)
      throws Exception {
    try (Admin admin = config.getKafka().buildAdmin()) {
      new TopicProvisioner(admin, namespace.get("replication_factor"))
          .provision(
              Map.of(Topics.EVENTS_RAW.name(), config.getKafka().getEventsPartitions()),
              Map.of(Topics.EVENTS_RAW.name(),
                  Map.of("retention.ms", String.valueOf(config.getKafka().getEventsRetention().toMilliseconds()))))
          .forEach(warning -> System.err.println("warning: " + warning));
    }
    new SchemaProvisioner(config.getRegistry().buildClient()).provision(EventSchemas.load());
    boolean withPinot = !namespace.getBoolean("skip_pinot");
    if (withPinot) {
      config.getPinot().buildTableApplier(config.getKafka().getBootstrapServers()).applyAll(dimensions(config));
    }
    System.out.println("provisioned: topics " + Topics.ALL.stream().map(Topics.TopicSpec::name).toList()
        + ", event schemas " + EventSchemas.EVENT_TYPES + (withPinot ? ", Pinot tables" : ""));
  }

  /** Every dimension of the catalog, each of which gets its own Pinot column. */
  private static Set<String> dimensions(MetricsApiConfiguration config) {
    Set<String> dimensions = new TreeSet<>();
    config.buildCatalog().current().metrics().forEach(m -> m.dimensions().forEach(d -> dimensions.add(d.path())));
    return dimensions;
  }
}
