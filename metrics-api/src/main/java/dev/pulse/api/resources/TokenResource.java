package dev.pulse.api.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.auth.TokenSigner;
import dev.pulse.api.catalog.CatalogProvider;
import dev.pulse.contract.catalog.Tenants;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Minting read tokens (admin): each reads one tenant's data, of every metric or of those listed,
 * until it expires. It works as {@code Authorization: Bearer} on the API and as {@code ?token=} on
 * embed pages.
 */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiKey.ADMIN)
public class TokenResource {
  private final TokenSigner signer;
  private final CatalogProvider catalog;
  private final Duration defaultTtl;
  private final Duration maxTtl;

  public TokenResource(TokenSigner signer, CatalogProvider catalog, Duration defaultTtl, Duration maxTtl) {
    this.signer = signer;
    this.catalog = catalog;
    this.defaultTtl = defaultTtl;
    this.maxTtl = maxTtl;
  }

  public record TokenRequest(
      @JsonProperty("tenant") String tenant,
      @JsonProperty("metrics") List<String> metrics,
      @JsonProperty("ttl_seconds") Long ttlSeconds) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record MintedToken(
      @JsonProperty("token") String token,
      @JsonProperty("tenant") String tenant,
      @JsonProperty("metrics") List<String> metrics,
      @JsonProperty("expires_at") Instant expiresAt) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response mint(TokenRequest request) {
    if (request == null || !Tenants.isValid(request.tenant())) {
      throw ApiErrors.badRequest("the body must be {\"tenant\": \"...\", \"metrics\": [...], \"ttl_seconds\": n}"
          + " with a tenant matching " + Tenants.NAME.pattern());
    }
    List<String> metrics = request.metrics() == null ? List.of() : List.copyOf(request.metrics());
    for (String metric : metrics) {
      if (catalog.current().find(metric).isEmpty()) {
        throw ApiErrors.badRequest("unknown metric '" + metric + "'; GET /v1/metrics lists them");
      }
    }
    Duration ttl = ttl(request.ttlSeconds());
    // Not read back through verify: a token of a second or two can expire before that, on a busy host.
    TokenSigner.Minted minted = signer.mint(request.tenant(), metrics, ttl);
    return Response.status(Response.Status.CREATED)
        .entity(new MintedToken(minted.token(), request.tenant(), metrics, minted.expiresAt()))
        .build();
  }

  private Duration ttl(Long seconds) {
    if (seconds == null) {
      return defaultTtl;
    }
    if (seconds < 1 || seconds > maxTtl.toSeconds()) {
      throw ApiErrors.badRequest("ttl_seconds must be between 1 and " + maxTtl.toSeconds() + " (tokens.maxTtl)");
    }
    return Duration.ofSeconds(seconds);
  }
}
