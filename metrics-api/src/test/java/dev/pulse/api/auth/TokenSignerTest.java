package dev.pulse.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
  private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

  @Test
  void aMintedTokenSaysWhenItExpiresAsItsClaimDoesAndIsRefusedFromThen() {
    Instant mintedAt = Instant.parse("2026-12-03T10:00:00.900Z");
    TokenSigner.Minted minted = new TokenSigner(SECRET, Clock.fixed(mintedAt, ZoneOffset.UTC))
        .mint("acme", List.of("event_count"), Duration.ofSeconds(1));

    // The claim holds whole seconds: a one-second token minted at .900 expires at the next second.
    assertThat(minted.expiresAt()).isEqualTo(Instant.parse("2026-12-03T10:00:01Z"));
    assertThat(signerAt("2026-12-03T10:00:00.950Z").verify(minted.token())).hasValueSatisfying(token -> {
      assertThat(token.tenant()).isEqualTo("acme");
      assertThat(token.expiresAt()).isEqualTo(minted.expiresAt());
    });
    assertThat(signerAt("2026-12-03T10:00:01Z").verify(minted.token())).isEmpty();
  }

  @Test
  void aTokenVerifiedBeforeIsStillRefusedOnceItExpiresAndAChangedOneIsNeverAccepted() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    TokenSigner signer = new TokenSigner(SECRET, clock);
    String token = signer.mint("acme", List.of(), Duration.ofMinutes(1)).token();

    assertThat(signer.verify(token)).isPresent();
    assertThat(signer.verify(token)).isPresent(); // the second use is answered from the verified tokens
    String[] parts = token.split("\\.");
    String otherTenant = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x." + parts[2];
    assertThat(signer.verify(otherTenant)).isEmpty();

    clock.now = Instant.parse("2026-12-03T10:01:00Z");
    assertThat(signer.verify(token)).isEmpty();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static TokenSigner signerAt(String instant) {
    return new TokenSigner(SECRET, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }
}
