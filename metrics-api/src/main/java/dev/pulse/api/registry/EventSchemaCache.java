package dev.pulse.api.registry;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.api.ingest.LatestEventSchemas;
import dev.pulse.contract.events.EventSchemas;
import java.time.Duration;
import java.util.Optional;

/**
 * The latest registered schema of each event type, as ingestion validates against it. Entries
 * expire after a TTL, so a version registered elsewhere reaches ingestion without a restart; one
 * registered through this service is seen at once. "No schema" is remembered only briefly, so a
 * type registered after a rejection is accepted (and replayable) within seconds.
 */
public class EventSchemaCache implements LatestEventSchemas {
  private static final Duration ABSENT_TTL = Duration.ofSeconds(2);

  private final LoadingCache<String, Optional<EventSchema>> latestByEventType;

  EventSchemaCache(SchemaRegistryClient registry, Duration ttl) {
    this.latestByEventType =
        Caffeine.newBuilder()
            .expireAfter(expiry(ttl))
            .maximumSize(10_000)
            .build(
                eventType ->
                    registry
                        .latest(EventSchemas.subjectFor(eventType))
                        .map(r -> new EventSchema(r.schema(), r.id())));
  }

  @Override
  public Optional<EventSchema> latest(String eventType) {
    return latestByEventType.get(eventType);
  }

  /** Forgets what is known of an event type, after registering a new version of it. */
  public void invalidate(String eventType) {
    latestByEventType.invalidate(eventType);
  }

  private static Expiry<String, Optional<EventSchema>> expiry(Duration ttl) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String key, Optional<EventSchema> value, long now) {
        return (value.isPresent() ? ttl : ABSENT_TTL).toNanos();
      }

      @Override
      public long expireAfterUpdate(String key, Optional<EventSchema> value, long now, long current) {
        return expireAfterCreate(key, value, now);
      }

      @Override
      public long expireAfterRead(String key, Optional<EventSchema> value, long now, long current) {
        return current;
      }
    };
  }
}
