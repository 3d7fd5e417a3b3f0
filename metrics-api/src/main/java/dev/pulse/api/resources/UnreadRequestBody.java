package dev.pulse.api.resources;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the rest of a request body that was answered without being read (a 401 before the
 * resource, a 413 part-way through). Jetty closes a connection whose request body is left unread,
 * after the response has gone out without saying so; a keep-alive client then sends its next
 * request into a closed socket and gets no answer. A small remainder is drained so the connection
 * stays usable; one over the request size limit is announced with {@code Connection: close} instead.
 */
@Priority(Priorities.USER)
public final class UnreadRequestBody implements ContainerResponseFilter {
  private final long drainLimit;

  /** Drains up to {@code drainLimit} bytes: the largest body the API would have accepted. */
  public UnreadRequestBody(long drainLimit) {
    this.drainLimit = drainLimit;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400) {
      return;
    }
    InputStream body;
    try {
      body = request.getEntityStream();
    } catch (IllegalStateException readAndClosedByTheResource) {
      return;
    }
    if (body != null && !drained(body)) {
      response.getHeaders().putSingle("Connection", "close");
    }
  }

  private boolean drained(InputStream body) {
    try {
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = body.read(buffer)) != -1) {
        total += n;
        if (total > drainLimit) {
          return false;
        }
      }
      return true;
    } catch (IOException alreadyClosedOrBroken) {
      return false;
    }
  }
}
