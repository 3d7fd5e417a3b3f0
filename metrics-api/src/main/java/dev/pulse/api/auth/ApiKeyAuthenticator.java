package dev.pulse.api.auth;

import dev.pulse.api.db.ApiKeyDao;
import io.dropwizard.auth.Authenticator;
import java.util.Optional;

/** A Bearer token is a valid key if the hash of it names an active key. */
public class ApiKeyAuthenticator implements Authenticator<String, ApiKey> {
  private final ApiKeyDao keys;

  public ApiKeyAuthenticator(ApiKeyDao keys) {
    this.keys = keys;
  }

  @Override
  public Optional<ApiKey> authenticate(String token) {
    return keys.findActive(KeyMaterial.hash(token));
  }
}
