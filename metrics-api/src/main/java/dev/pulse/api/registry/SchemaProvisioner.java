package dev.pulse.api.registry;

import dev.pulse.contract.events.EventSchemas;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every event schema of the contract under its subject. Registering a schema that is
 * already there returns its existing id, so this is safe to repeat; an incompatible change is
 * refused by the registry with its reason.
 */
public class SchemaProvisioner {
  /** Producers and consumers may upgrade in any order. */
  public static final String DEFAULT_COMPATIBILITY = "FULL";

  private static final Logger LOG = LoggerFactory.getLogger(SchemaProvisioner.class);

  private final SchemaRegistryClient registry;

  public SchemaProvisioner(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  public void provision(EventSchemas schemas) {
    for (Map.Entry<String, Schema> entry : schemas.all().entrySet()) {
      String subject = EventSchemas.subjectFor(entry.getKey());
      registry.setCompatibilityIfUnset(subject, DEFAULT_COMPATIBILITY);
      int id = registry.register(subject, entry.getValue());
      LOG.info("Schema {} registered with id {}", subject, id);
    }
  }
}
