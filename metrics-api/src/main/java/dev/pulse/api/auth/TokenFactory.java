package dev.pulse.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Read tokens, from the {@code tokens:} section of the configuration. */
public class TokenFactory {
  private static final Logger LOG = LoggerFactory.getLogger(TokenFactory.class);

  /** The HMAC secret, at least 32 bytes; every instance behind one URL must share it. */
  @JsonProperty private String secret;
  /** How long a token lives when its request does not say. */
  @JsonProperty @NotNull private Duration defaultTtl = Duration.hours(1);
  /** The longest life a token may ask for. */
  @JsonProperty @NotNull private Duration maxTtl = Duration.days(30);

  public TokenSigner buildSigner(Clock clock) {
    String key = secret;
    if (key == null || key.isBlank()) {
      // Fine for one local instance; tokens then die with the process.
      LOG.warn("tokens.secret is not set: using a random secret, so tokens are valid on this instance until it stops");
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      key = HexFormat.of().formatHex(random);
    }
    return new TokenSigner(key, clock);
  }

  public java.time.Duration defaultTtl() {
    return java.time.Duration.ofMillis(defaultTtl.toMilliseconds());
  }

  public java.time.Duration maxTtl() {
    return java.time.Duration.ofMillis(maxTtl.toMilliseconds());
  }
}
