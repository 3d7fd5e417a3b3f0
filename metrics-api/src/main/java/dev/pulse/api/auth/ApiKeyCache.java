package dev.pulse.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import io.dropwizard.auth.Authenticator;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys by the hash of the presented key, checked against the database at most once per
 * {@code checkEvery} per key, so that a revocation applies within that.
 *
 * <p>While the database cannot answer, ingestion and reads go on: a key the database confirmed
 * within {@code trustKnownFor} is still accepted, and one it never confirmed gets 503, not 401,
 * since it may well be valid. After a failed lookup the database is left alone for a few seconds
 * (a circuit breaker), so that an outage costs requests no connect timeouts.
 */
public class ApiKeyCache implements Authenticator<String, ApiKey> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyCache.class);
  private static final Duration DATABASE_REST = Duration.ofSeconds(5);

  private final Function<String, Optional<ApiKey>> lookup;
  private final Cache<String, Optional<ApiKey>> checked;
  private final Cache<String, ApiKey> lastConfirmed;
  private final FailsafeExecutor<Optional<ApiKey>> database;
  private final Counter offlineChecks;

  /**
   * @param lookup finds the active key with this hash; throws {@link JdbiException} when the
   *     database cannot answer
   */
  public ApiKeyCache(Function<String, Optional<ApiKey>> lookup, Duration checkEvery, Duration trustKnownFor,
      PrometheusRegistry metrics) {
    this.lookup = lookup;
    this.checked = Caffeine.newBuilder().expireAfterWrite(checkEvery).maximumSize(100_000).build();
    this.lastConfirmed = Caffeine.newBuilder().expireAfterWrite(trustKnownFor).maximumSize(100_000).build();
    CircuitBreaker<Optional<ApiKey>> breaker = CircuitBreaker.<Optional<ApiKey>>builder()
        .handle(JdbiException.class)
        .withDelay(DATABASE_REST)
        .onOpen(e -> LOG.warn("API keys cannot be checked in the database; keys it confirmed earlier are trusted until it answers"))
        .onClose(e -> LOG.info("API keys are checked in the database again"))
        .build();
    this.database = Failsafe.with(breaker);
    this.offlineChecks = Counter.builder()
        .name("pulse_api_key_checks_offline_total")
        .help("Requests whose API key was accepted from the last confirmation because the database could not answer")
        .register(metrics);
  }

  @Override
  public Optional<ApiKey> authenticate(String presentedKey) {
    String hash = KeyMaterial.hash(presentedKey);
    try {
      // One lookup per key at a time: when a busy key's check expires, its concurrent requests
      // wait for that one instead of each taking a connection (a spike emptied the pool that way).
      return checked.get(hash, this::lookUp);
    } catch (FailsafeException | JdbiException unanswered) {
      return Optional.of(lastConfirmed(hash));
    }
  }

  private Optional<ApiKey> lookUp(String hash) {
    Optional<ApiKey> found = database.get(() -> lookup.apply(hash));
    found.ifPresentOrElse(key -> lastConfirmed.put(hash, key), () -> lastConfirmed.invalidate(hash));
    return found;
  }

  private ApiKey lastConfirmed(String hash) {
    ApiKey known = lastConfirmed.getIfPresent(hash);
    if (known == null) {
      throw new KeysUnavailableException();
    }
    offlineChecks.inc();
    return known;
  }

  /** The key may be valid, but nothing can tell now: the caller should retry, not give up on it. */
  public static final class KeysUnavailableException extends RuntimeException {
    KeysUnavailableException() {
      super("API keys cannot be checked right now (the key database is unreachable); retry shortly");
    }
  }
}
