package dev.pulse.api.registry;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.api.core.LatestEventSchemas;
import dev.pulse.contract.events.EventSchemas;
import java.time.Duration;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The latest registered schema of each event type, as ingestion validates against it. Entries
 * expire after a TTL, so a newly registered version reaches ingestion without a restart.
 */
public class EventSchemaCache implements LatestEventSchemas {
  private final LoadingCache<String, Optional<Schema>> latestByEventType;

  EventSchemaCache(SchemaRegistryClient registry, Duration ttl) {
    this.latestByEventType =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            .maximumSize(10_000)
            .build(
                eventType ->
                    registry
                        .latest(EventSchemas.subjectFor(eventType))
                        .map(SchemaRegistryClient.RegisteredSchema::schema));
  }

  /** The schema to validate an event of this type against, or empty if none is registered. */
  @Override
  public Optional<Schema> latest(String eventType) {
    return latestByEventType.get(eventType);
  }
}
