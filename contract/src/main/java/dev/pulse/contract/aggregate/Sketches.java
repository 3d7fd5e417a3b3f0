package dev.pulse.contract.aggregate;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The sketch formats of aggregate rows. Whoever writes sketch bytes and whoever merges them (the
 * job, the serving side) must agree on these, so they are fixed here.
 *
 * <ul>
 *   <li>Distinct counts: HLL, lgK {@value #HLL_LG_K} (relative standard error about 1.6%; 95% of
 *       estimates within about 3.3%).
 *   <li>Percentiles: KLL doubles, k {@value #KLL_K} (normalized rank error about 1.65% with 99%
 *       confidence).
 * </ul>
 */
public final class Sketches {
  public static final int HLL_LG_K = 12;
  public static final int KLL_K = 200;
  private static final TgtHllType HLL_TYPE = TgtHllType.HLL_8;

  private Sketches() {}

  public static HllSketch newHll() {
    return new HllSketch(HLL_LG_K, HLL_TYPE);
  }

  public static KllDoublesSketch newKll() {
    return KllDoublesSketch.newHeapInstance(KLL_K);
  }

  public static byte[] toBytes(HllSketch sketch) {
    return sketch.toCompactByteArray();
  }

  public static byte[] toBytes(KllDoublesSketch sketch) {
    return sketch.toByteArray();
  }

  public static HllSketch hll(byte[] bytes) {
    return HllSketch.heapify(Memory.wrap(bytes));
  }

  public static KllDoublesSketch kll(byte[] bytes) {
    return KllDoublesSketch.heapify(Memory.wrap(bytes));
  }

  /** The union of two serialized HLL sketches, serialized. */
  public static byte[] mergeHll(byte[] a, byte[] b) {
    Union union = new Union(HLL_LG_K);
    union.update(hll(a));
    union.update(hll(b));
    return toBytes(union.getResult(HLL_TYPE));
  }

  /** The merge of two serialized KLL sketches, serialized. */
  public static byte[] mergeKll(byte[] a, byte[] b) {
    KllDoublesSketch merged = kll(a);
    merged.merge(kll(b));
    return toBytes(merged);
  }
}
