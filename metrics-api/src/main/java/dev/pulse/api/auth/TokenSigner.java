package dev.pulse.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Mints and verifies read tokens: JWTs signed with HMAC-SHA256 under the service's secret, so any
 * instance verifies them without a lookup. Claims: {@code tenant}, optional {@code metrics}, and
 * {@code exp}.
 */
public class TokenSigner {
  private static final String ISSUER = "pulse-metrics-api";
  private static final String TENANT = "tenant";
  private static final String METRICS = "metrics";

  /**
   * Tokens already verified, by their text. An embed or dashboard sends its token with every read,
   * and parsing and checking it each time cost more than many reads from memory do. A token cannot
   * change or be revoked, so a verified one stays good until its {@code exp}, checked on each use.
   */
  private final Cache<String, ReadToken> verified =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Clock clock;

  public TokenSigner(String secret, Clock clock) {
    try {
      byte[] key = secret.getBytes(StandardCharsets.UTF_8);
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the token secret must be at least 32 bytes", e);
    }
    this.clock = clock;
  }

  /** A signed token and when it expires, to the second, as its {@code exp} claim says. */
  public record Minted(String token, Instant expiresAt) {}

  public Minted mint(String tenant, List<String> metrics, Duration ttl) {
    Instant now = clock.instant();
    Instant expires = now.plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(expires))
        .claim(TENANT, tenant);
    if (!metrics.isEmpty()) {
      claims.claim(METRICS, metrics);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a token failed", e);
    }
    return new Minted(jwt.serialize(), expires);
  }

  /** The token's grant, if it parses, its signature is ours, and it has not expired. */
  public Optional<ReadToken> verify(String token) {
    ReadToken known = verified.getIfPresent(token);
    if (known != null) {
      return known.expiresAt().isAfter(clock.instant()) ? Optional.of(known) : Optional.empty();
    }
    Optional<ReadToken> grant = check(token);
    grant.ifPresent(g -> verified.put(token, g));
    return grant;
  }

  private Optional<ReadToken> check(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expires = claims.getExpirationTime();
      String tenant = claims.getStringClaim(TENANT);
      if (expires == null || !expires.toInstant().isAfter(clock.instant()) || tenant == null
          || !ISSUER.equals(claims.getIssuer())) {
        return Optional.empty();
      }
      List<String> metrics = claims.getStringListClaim(METRICS);
      return Optional.of(new ReadToken(tenant, metrics == null ? Set.of() : Set.copyOf(metrics), expires.toInstant()));
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }

  /** Whether a Bearer credential is shaped as a token rather than an API key. */
  public static boolean looksLikeToken(String credential) {
    return credential.chars().filter(c -> c == '.').count() == 2;
  }
}
