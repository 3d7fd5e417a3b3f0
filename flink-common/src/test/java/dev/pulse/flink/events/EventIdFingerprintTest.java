package dev.pulse.flink.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class EventIdFingerprintTest {
  @Test
  void theSameIdAlwaysHasTheSameFingerprint() {
    assertThat(EventIdFingerprint.of("order-42")).isEqualTo(EventIdFingerprint.of(new String("order-42")));
  }

  @Test
  void idsThatDifferInOneCharacterOrOnlyInLengthDiffer() {
    assertThat(EventIdFingerprint.of("order-42")).isNotEqualTo(EventIdFingerprint.of("order-43"));
    assertThat(EventIdFingerprint.of("order-42")).isNotEqualTo(EventIdFingerprint.of("order-42 "));
    assertThat(EventIdFingerprint.of("é")).isNotEqualTo(EventIdFingerprint.of("e"));
  }

  /** A 32-bit hash (String.hashCode, say) would give dozens of collisions among half a million ids. */
  @Test
  void halfAMillionIdsHaveDistinctFingerprints() {
    SplittableRandom random = new SplittableRandom(11);
    Set<Tuple2<Long, Long>> seen = new HashSet<>();
    for (int i = 0; i < 500_000; i++) {
      String id = i % 2 == 0 ? new UUID(random.nextLong(), random.nextLong()).toString() : "evt-" + i;
      assertThat(seen.add(EventIdFingerprint.of(id))).as("fingerprint of %s is new", id).isTrue();
    }
  }
}
