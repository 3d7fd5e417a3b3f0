package dev.pulse.api.ingest;

import java.util.Optional;
import org.apache.avro.Schema;

/** Where ingestion finds the schema to validate an event type against: its latest registered version. */
@FunctionalInterface
public interface LatestEventSchemas {
  /** A registered schema with the id that its records carry in the wire format. */
  record EventSchema(Schema schema, int id) {}

  Optional<EventSchema> latest(String eventType);
}
