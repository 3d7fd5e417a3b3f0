package dev.pulse.api.ingest;

import java.time.Duration;

/**
 * What a batch and its events may be.
 *
 * @param futureTolerance how far past the time of receipt a skew-corrected event time may lie
 *     before it is clamped to the time of receipt
 * @param maxEventAge how far in the past an event time may lie; older events go to the DLQ
 */
public record IngestLimits(
    long maxRequestBytes, int maxEventsPerBatch, int maxEventBytes, Duration futureTolerance, Duration maxEventAge) {}
