package dev.pulse.archive.counts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.archive.counts.ArchiveOffsetCoverage.Coverage;
import dev.pulse.archive.counts.ArchiveOffsetCoverage.Range;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ArchiveOffsetCoverageTest {
  @Test
  void theGapsAreTheRangesOfOffsetsTheArchiveDoesNotHold() {
    BitSet held = new BitSet();
    held.set(0, 4); // 100..103
    held.set(6, 9); // 106..108; 104, 105 and 109 are missing

    Coverage coverage = ArchiveOffsetCoverage.coverage(3, 100, 110, held, 10);

    assertThat(coverage.archived()).isEqualTo(7);
    assertThat(coverage.missing()).isEqualTo(3);
    assertThat(coverage.gaps()).containsExactly(new Range(104, 106), new Range(109, 110));
    assertThat(coverage.gapsTruncated()).isFalse();
  }

  @Test
  void atMostTheAskedNumberOfGapsIsListed() {
    BitSet held = new BitSet();
    held.set(1);
    held.set(3);

    Coverage coverage = ArchiveOffsetCoverage.coverage(0, 0, 5, held, 2);

    assertThat(coverage.missing()).isEqualTo(3);
    assertThat(coverage.gaps()).containsExactly(new Range(0, 1), new Range(2, 3));
    assertThat(coverage.gapsTruncated()).isTrue();
  }

  @Test
  void aFullyArchivedRangeHasNoGaps() {
    BitSet held = new BitSet();
    held.set(0, 50);

    Coverage coverage = ArchiveOffsetCoverage.coverage(1, 1_000, 1_050, held, 10);

    assertThat(coverage.archived()).isEqualTo(50);
    assertThat(coverage.gaps()).isEmpty();
  }
}
