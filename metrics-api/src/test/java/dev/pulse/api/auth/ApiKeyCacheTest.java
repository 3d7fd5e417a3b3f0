package dev.pulse.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class ApiKeyCacheTest {
  private static final ApiKey PRODUCER = new ApiKey(1, "pk_1", ApiKey.PRODUCER, "web", null, null);

  /** A key table that can be taken down, counting the lookups it was asked. */
  private static final class Database {
    final Map<String, ApiKey> active = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    boolean down;

    Optional<ApiKey> find(String hash) {
      lookups.incrementAndGet();
      if (down) {
        throw new ConnectionException(new SQLException("Connection refused", "08001"));
      }
      return Optional.ofNullable(active.get(hash));
    }
  }

  private final Database database = new Database();
  private final PrometheusRegistry metrics = new PrometheusRegistry();

  /** Every request goes to the database, as if each came after checkEvery. */
  private ApiKeyCache alwaysChecking() {
    return new ApiKeyCache(database::find, Duration.ZERO, Duration.ofHours(24), metrics);
  }

  @Test
  void aKeyTheDatabaseConfirmedKeepsWorkingWhileItIsDown() {
    ApiKeyCache keys = alwaysChecking();
    database.active.put(KeyMaterial.hash("secret-1"), PRODUCER);
    assertThat(keys.authenticate("secret-1")).contains(PRODUCER);

    database.down = true;

    assertThat(keys.authenticate("secret-1")).contains(PRODUCER);
    assertThat(keys.authenticate("secret-1")).contains(PRODUCER);
    assertThat(metrics.scrape().stream().filter(m -> m.getMetadata().getName().equals("pulse_api_key_checks_offline"))
        .findFirst().orElseThrow().getDataPoints().get(0)).hasFieldOrPropertyWithValue("value", 2.0);
  }

  @Test
  void aKeyNeverConfirmedIsUncheckableNotInvalidWhileTheDatabaseIsDown() {
    ApiKeyCache keys = alwaysChecking();
    database.active.put(KeyMaterial.hash("secret-2"), PRODUCER);
    database.down = true;

    assertThatThrownBy(() -> keys.authenticate("secret-2"))
        .isInstanceOf(ApiKeyCache.KeysUnavailableException.class)
        .hasMessageContaining("retry");
  }

  @Test
  void aRevocationSeenBeforeTheOutageIsNotUndoneByIt() {
    ApiKeyCache keys = alwaysChecking();
    database.active.put(KeyMaterial.hash("secret-3"), PRODUCER);
    assertThat(keys.authenticate("secret-3")).isPresent();
    database.active.clear();
    assertThat(keys.authenticate("secret-3")).isEmpty();

    database.down = true;

    assertThatThrownBy(() -> keys.authenticate("secret-3")).isInstanceOf(ApiKeyCache.KeysUnavailableException.class);
  }

  @Test
  void withinCheckEveryTheDatabaseIsAskedOnceAndAnUnknownKeyIsRefused() {
    ApiKeyCache keys = new ApiKeyCache(database::find, Duration.ofMinutes(1), Duration.ofHours(24), metrics);
    database.active.put(KeyMaterial.hash("secret-4"), PRODUCER);

    for (int i = 0; i < 5; i++) {
      assertThat(keys.authenticate("secret-4")).contains(PRODUCER);
      assertThat(keys.authenticate("wrong")).isEmpty();
    }
    assertThat(database.lookups).hasValue(2);
  }

  @Test
  void concurrentRequestsOfOneKeyShareOneLookup() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    database.active.put(KeyMaterial.hash("secret-6"), PRODUCER);
    ApiKeyCache keys = new ApiKeyCache(hash -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return database.find(hash);
    }, Duration.ofMinutes(1), Duration.ofHours(24), metrics);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var answers = new java.util.ArrayList<java.util.concurrent.Future<Optional<ApiKey>>>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> keys.authenticate("secret-6")));
      }
      Thread.sleep(200); // let every request reach the cache before the lookup answers
      release.countDown();
      for (var answer : answers) {
        assertThat(answer.get()).contains(PRODUCER);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(database.lookups).hasValue(1);
  }

  @Test
  void afterAFailedLookupTheDatabaseIsLeftAloneForAWhile() {
    ApiKeyCache keys = alwaysChecking();
    database.active.put(KeyMaterial.hash("secret-5"), PRODUCER);
    keys.authenticate("secret-5");
    database.down = true;

    for (int i = 0; i < 10; i++) {
      assertThat(keys.authenticate("secret-5")).contains(PRODUCER);
    }
    assertThat(database.lookups).as("one lookup before and one during the outage").hasValue(2);
  }
}
