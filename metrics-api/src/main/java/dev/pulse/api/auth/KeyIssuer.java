package dev.pulse.api.auth;

import dev.pulse.api.db.ApiKeyDao;
import dev.pulse.contract.catalog.Tenants;
import java.util.Set;
import java.util.regex.Pattern;

/** Creates keys (validating what they are for) and revokes them. */
public class KeyIssuer {
  private static final Set<String> ROLES = Set.of(ApiKey.PRODUCER, ApiKey.ADMIN);
  private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** A new key; {@code key} is the only time it is visible. */
  public record Issued(long id, String key) {}

  private final ApiKeyDao keys;

  public KeyIssuer(ApiKeyDao keys) {
    this.keys = keys;
  }

  /** {@code tenant}: for producer keys, the tenant of events that name none; default {@code default}. */
  public Issued issue(String role, String source, String tenant, Integer rateLimitPerSecond, String description) {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("role must be one of " + ROLES);
    }
    if (ApiKey.PRODUCER.equals(role) && (source == null || !SOURCE.matcher(source).matches())) {
      throw new IllegalArgumentException("a producer key needs a source matching " + SOURCE.pattern());
    }
    String defaultTenant = tenant == null ? Tenants.DEFAULT : tenant;
    if (!Tenants.isValid(defaultTenant)) {
      throw new IllegalArgumentException("tenant must match " + Tenants.NAME.pattern());
    }
    if (rateLimitPerSecond != null && rateLimitPerSecond < 1) {
      throw new IllegalArgumentException("rate_limit_per_second must be at least 1");
    }
    String key = KeyMaterial.newKey(role);
    long id =
        keys.insert(
            KeyMaterial.prefix(key), KeyMaterial.hash(key), role,
            ApiKey.PRODUCER.equals(role) ? source : null,
            ApiKey.PRODUCER.equals(role) ? defaultTenant : null, rateLimitPerSecond, description);
    return new Issued(id, key);
  }

  public boolean revoke(long id) {
    return keys.revoke(id) > 0;
  }
}
