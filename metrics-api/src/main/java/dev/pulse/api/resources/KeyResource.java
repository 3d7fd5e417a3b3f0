package dev.pulse.api.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.auth.KeyIssuer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Issuing and revoking API keys (admin). A new key is shown once, in the response that creates it. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiKey.ADMIN)
public class KeyResource {
  private final KeyIssuer issuer;

  public KeyResource(KeyIssuer issuer) {
    this.issuer = issuer;
  }

  /** What to issue: a producer key for a source (and a default tenant), or an admin key. */
  public record KeyRequest(
      @JsonProperty("role") String role,
      @JsonProperty("source") String source,
      @JsonProperty("tenant") String tenant,
      @JsonProperty("rate_limit_per_second") Integer rateLimitPerSecond,
      @JsonProperty("description") String description) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IssuedKey(
      @JsonProperty("id") long id,
      @JsonProperty("key") String key,
      @JsonProperty("role") String role,
      @JsonProperty("source") String source) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response issue(KeyRequest request) {
    if (request == null) {
      throw ApiErrors.badRequest("the body must be {\"role\": \"producer\", \"source\": \"...\"}");
    }
    try {
      KeyIssuer.Issued issued =
          issuer.issue(request.role(), request.source(), request.tenant(), request.rateLimitPerSecond(), request.description());
      return Response.status(Response.Status.CREATED)
          .entity(new IssuedKey(issued.id(), issued.key(), request.role(), request.source()))
          .build();
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest(e.getMessage());
    }
  }

  @DELETE
  @Path("/{id}")
  public Response revoke(@PathParam("id") long id) {
    if (!issuer.revoke(id)) {
      throw ApiErrors.notFound("no active key with id " + id);
    }
    return Response.noContent().build();
  }
}
