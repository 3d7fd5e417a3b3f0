package dev.pulse.backfill.compare;

/** One window of one series of a metric: what served and recounted values are matched by. */
public record WindowKey(String windowSpec, long windowStart, String dimsHash) {}
