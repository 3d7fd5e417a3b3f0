package dev.pulse.api.auth;

import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import java.util.Optional;

/**
 * A Bearer credential is either a read token, verified by its signature on every request (cheap,
 * and an expired one stops working at once), or an API key, looked up through the cache.
 */
public class CallerAuthenticator implements Authenticator<String, Caller> {
  private final TokenSigner tokens;
  private final Authenticator<String, ApiKey> keys;

  public CallerAuthenticator(TokenSigner tokens, Authenticator<String, ApiKey> keys) {
    this.tokens = tokens;
    this.keys = keys;
  }

  @Override
  public Optional<Caller> authenticate(String credential) throws AuthenticationException {
    if (TokenSigner.looksLikeToken(credential)) {
      return tokens.verify(credential).map(Caller.class::cast);
    }
    return keys.authenticate(credential).map(Caller.class::cast);
  }
}
