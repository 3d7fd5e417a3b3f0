package dev.pulse.scheduler.resources;

import dev.pulse.scheduler.store.ChannelStore;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/** The channel store is unreachable or refused a statement: a 503 to retry, not a 500. */
public class StoreFailedMapper implements ExceptionMapper<ChannelStore.StoreFailedException> {
  @Override
  public Response toResponse(ChannelStore.StoreFailedException e) {
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .header("Retry-After", "5")
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("code", 503, "message", e.getMessage() + "; nothing was changed, retry"))
        .build();
  }
}
