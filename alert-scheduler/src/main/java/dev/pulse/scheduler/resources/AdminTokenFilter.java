package dev.pulse.scheduler.resources;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Every API call needs {@code Authorization: Bearer <adminToken>}; compared in constant time. */
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {
  private static final String BEARER = "Bearer ";
  private final byte[] token;

  public AdminTokenFilter(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    boolean valid = header != null && header.startsWith(BEARER)
        && MessageDigest.isEqual(token, header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
    if (!valid) {
      request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("code", 401, "message", "send the scheduler's admin token: Authorization: Bearer <token>"))
          .build());
    }
  }
}
