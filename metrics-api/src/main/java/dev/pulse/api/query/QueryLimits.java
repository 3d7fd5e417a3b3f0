package dev.pulse.api.query;

import java.time.Duration;

/**
 * What one read may ask for. Over a limit, a request gets a 400 naming it rather than an answer
 * that is slow for everyone or silently cut short.
 *
 * @param maxRange the longest window_start..window_end span
 * @param maxBuckets the most buckets (range / granularity) in one answer
 * @param maxGroups the most distinct group_by combinations in one answer
 * @param maxSketchRows the most stored rows a distinct-count or percentile read may merge
 */
public record QueryLimits(Duration maxRange, int maxBuckets, int maxGroups, int maxSketchRows) {}
