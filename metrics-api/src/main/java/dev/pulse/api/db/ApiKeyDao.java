package dev.pulse.api.db;

import dev.pulse.api.auth.ApiKey;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** API keys in PostgreSQL, looked up by the hash of the presented key. */
@RegisterConstructorMapper(ApiKey.class)
public interface ApiKeyDao {

  @SqlQuery(
      "SELECT id, key_prefix AS prefix, role, source, tenant, rate_limit_per_second AS rateLimitPerSecond"
          + " FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
  Optional<ApiKey> findActive(@Bind("hash") String hash);

  @SqlUpdate(
      "INSERT INTO api_keys (key_prefix, key_hash, role, source, tenant, rate_limit_per_second, description)"
          + " VALUES (:prefix, :hash, :role, :source, :tenant, :rateLimit, :description)")
  @GetGeneratedKeys("id")
  long insert(
      @Bind("prefix") String prefix,
      @Bind("hash") String hash,
      @Bind("role") String role,
      @Bind("source") String source,
      @Bind("tenant") String tenant,
      @Bind("rateLimit") Integer rateLimitPerSecond,
      @Bind("description") String description);

  @SqlUpdate("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
  int revoke(@Bind("id") long id);
}
