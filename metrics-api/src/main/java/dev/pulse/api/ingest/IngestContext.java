package dev.pulse.api.ingest;

import dev.pulse.api.auth.ApiKey;
import java.time.Instant;

/**
 * What a batch's events share: when the server received it, the client's clock when it sent it
 * (if given), who sent it and from where.
 */
public record IngestContext(Instant receivedAt, Long sentAt, ApiKey key, String clientHost) {}
