package dev.pulse.api.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to a batch: how many events were accepted, and why each rejected one was. */
public record IngestResponse(
    @JsonProperty("accepted") int accepted,
    @JsonProperty("rejected") int rejected,
    @JsonProperty("errors") List<IngestError> errors) {

  /** One rejected event, by its position in the batch; it is also in events.dlq. */
  public record IngestError(
      @JsonProperty("index") int index,
      @JsonProperty("reason") String reason,
      @JsonProperty("error_type") String errorType) {}
}
