package dev.pulse.api.core;

import java.util.Optional;
import org.apache.avro.Schema;

/** Where ingestion finds the schema to validate an event type against: its latest registered version. */
@FunctionalInterface
public interface LatestEventSchemas {
  Optional<Schema> latest(String eventType);
}
