package dev.pulse.api.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A 401 in the API's usual JSON error shape, saying what to send. */
public class JsonUnauthorizedHandler implements UnauthorizedHandler {
  @Override
  public Response buildResponse(String prefix, String realm) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(401, "a valid API key or unexpired read token is required: send Authorization: Bearer <key or token>"))
        .build();
  }
}
