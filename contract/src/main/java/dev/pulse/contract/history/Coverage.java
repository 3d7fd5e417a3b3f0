package dev.pulse.contract.history;

import dev.pulse.contract.aggregate.AggregateRecord;
import dev.pulse.contract.aggregate.AggregateRecord.Values;
import dev.pulse.contract.catalog.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What history has restated, and so where it is authoritative: spans of window starts, per metric
 * and tenant. The stitching rule of every read is: a window whose start a span of its metric and
 * tenant covers is read from history; every other window from the realtime table. A backfill for
 * one tenant therefore moves nothing for the others.
 *
 * <p>Spans travel inside the history segments themselves, as marker rows of the day they cover
 * (window spec {@link #MARKER_WINDOW_SPEC}, which no catalog window can be), so a lineage swap turns
 * a day's rows and its coverage over at once.
 *
 * @param spans every span of one metric
 */
public record Coverage(List<Span> spans) {
  /** The window spec of marker rows; not a valid window, so no read of a metric ever selects them. */
  public static final String MARKER_WINDOW_SPEC = "restated";
  /** The tenant of a span that covers every tenant. */
  public static final String ALL_TENANTS = "*";

  public static final Coverage NONE = new Coverage(List.of());

  /**
   * Window starts in [from, to) of one metric, restated for one tenant (or {@link #ALL_TENANTS}) at
   * {@code restatedAt}.
   */
  public record Span(String metric, String tenant, long from, long to, long restatedAt) {
    public boolean appliesTo(String someTenant) {
      return tenant.equals(ALL_TENANTS) || tenant.equals(someTenant);
    }

    public boolean covers(String someTenant, long windowStart) {
      return appliesTo(someTenant) && windowStart >= from && windowStart < to;
    }

    public boolean overlaps(long rangeFrom, long rangeTo) {
      return from < rangeTo && rangeFrom < to;
    }

    /** This span as the marker row a history segment carries. */
    public AggregateRecord toMarker() {
      return AggregateRecord.of(metric, MARKER_WINDOW_SPEC, from, to, Map.of(Tenants.DIMENSION.path(), tenant),
          new Values(0, 0, 0, null, 0), restatedAt, true, restatedAt);
    }

    /** The parts of this span that {@code newer} does not replace (none, one or two). */
    public List<Span> minus(Span newer) {
      if (!metric.equals(newer.metric) || !newer.appliesTo(tenant) || !overlaps(newer.from, newer.to)) {
        return List.of(this);
      }
      List<Span> left = new ArrayList<>(2);
      if (from < newer.from) {
        left.add(new Span(metric, tenant, from, newer.from, restatedAt));
      }
      if (newer.to < to) {
        left.add(new Span(metric, tenant, newer.to, to, restatedAt));
      }
      return left;
    }
  }

  public static boolean isMarker(String windowSpec) {
    return MARKER_WINDOW_SPEC.equals(windowSpec);
  }

  /** A marker row read back as its span. */
  public static Span spanOf(String metric, String tenant, long windowStart, long windowEnd, long emittedAt) {
    return new Span(metric, tenant, windowStart, windowEnd, emittedAt);
  }

  /** The newest span that makes history authoritative for this window of this tenant. */
  public Optional<Span> covering(String tenant, long windowStart) {
    Span newest = null;
    for (Span span : spans) {
      if (span.covers(tenant, windowStart) && (newest == null || span.restatedAt > newest.restatedAt)) {
        newest = span;
      }
    }
    return Optional.ofNullable(newest);
  }

  /** The spans that overlap [from, to), for answers to say what they stitched. */
  public List<Span> overlapping(long from, long to) {
    return spans.stream().filter(s -> s.overlaps(from, to)).toList();
  }

  public boolean isEmpty() {
    return spans.isEmpty();
  }
}
