package dev.pulse.api.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A POST /v1/events body. Events stay raw JSON here so that one malformed event is rejected at its
 * index while the rest of the batch is still accepted.
 */
public record EventBatch(@JsonProperty("events") List<JsonNode> events) {}
