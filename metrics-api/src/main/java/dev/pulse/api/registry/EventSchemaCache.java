package dev.pulse.api.registry;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.api.ingest.LatestEventSchemas;
import dev.pulse.contract.events.EventSchemas;
import dev.pulse.api.registry.SchemaRegistryClient.RegistryUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest registered schema of each event type, as ingestion validates against it. Entries
 * expire after a TTL, so a version registered elsewhere reaches ingestion without a restart; one
 * registered through this service is seen at once. "No schema" is remembered only briefly, so a
 * type registered after a rejection is accepted (and replayable) within seconds.
 *
 * <p>While the registry cannot answer (it keeps its schemas in PostgreSQL, so it goes when the
 * database goes), the last version seen of a type keeps serving: ingestion goes on, and a version
 * registered meanwhile elsewhere is picked up once the registry is back.
 */
public class EventSchemaCache implements LatestEventSchemas {
  private static final Duration ABSENT_TTL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(EventSchemaCache.class);

  private final LoadingCache<String, Optional<EventSchema>> latestByEventType;
  private final Map<String, EventSchema> lastSeen = new ConcurrentHashMap<>();

  EventSchemaCache(SchemaRegistryClient registry, Duration ttl) {
    this.latestByEventType =
        Caffeine.newBuilder()
            .expireAfter(expiry(ttl))
            .maximumSize(10_000)
            .build(eventType -> load(registry, eventType));
  }

  private Optional<EventSchema> load(SchemaRegistryClient registry, String eventType) {
    Optional<EventSchema> latest =
        registry.latest(EventSchemas.subjectFor(eventType)).map(r -> new EventSchema(r.schema(), r.id()));
    latest.ifPresent(schema -> lastSeen.put(eventType, schema));
    return latest;
  }

  /** @throws RegistryUnavailableException when the registry cannot answer and this type was never seen */
  @Override
  public Optional<EventSchema> latest(String eventType) {
    try {
      return latestByEventType.get(eventType);
    } catch (RegistryUnavailableException e) {
      EventSchema seen = lastSeen.get(eventType);
      if (seen == null) {
        throw e;
      }
      LOG.debug("Registry unavailable; validating {} against the last version seen: {}", eventType, e.getMessage());
      // Cached again for a TTL, so that the requests meanwhile do not each wait on the registry.
      latestByEventType.put(eventType, Optional.of(seen));
      return Optional.of(seen);
    }
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
