package dev.pulse.api.ingest;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.api.auth.ApiKey;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Events per second per API key, as token buckets: a key may burst to one second's worth, and a
 * batch takes one token per event. Buckets live in this instance's memory, so each instance of the
 * service enforces the limit on the traffic it receives.
 */
public class RateLimiter {
  private final int defaultPerSecond;
  private final LoadingCache<ApiKey, Bucket> buckets;

  public RateLimiter(int defaultPerSecond) {
    this.defaultPerSecond = defaultPerSecond;
    this.buckets =
        Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build(this::bucketFor);
  }

  /** The most events one batch of this key may hold: more could never pass its bucket. */
  public int maxBatch(ApiKey key) {
    return perSecond(key);
  }

  /** @return empty if allowed, else how many seconds to wait before retrying */
  public OptionalLong acquire(ApiKey key, int events) {
    ConsumptionProbe probe = buckets.get(key).tryConsumeAndReturnRemaining(Math.max(events, 1));
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    long nanos = probe.getNanosToWaitForRefill();
    return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }

  private Bucket bucketFor(ApiKey key) {
    int perSecond = perSecond(key);
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build();
  }

  private int perSecond(ApiKey key) {
    return key.rateLimitPerSecond() == null ? defaultPerSecond : key.rateLimitPerSecond();
  }
}
