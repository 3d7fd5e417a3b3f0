package dev.pulse.api.alerts;

import dev.pulse.contract.alerting.AlertRule;
import java.time.Instant;
import java.util.UUID;

/** A rule as stored: what the alerting job follows, and the identity and times the API answers with. */
public record StoredRule(AlertRule rule, UUID ruleId, Instant createdAt, Instant updatedAt) {}
