package dev.pulse.api.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error responses in Dropwizard's {"code", "message"} shape, with a message the caller can act on. */
final class ApiErrors {
  static final int RETRY_AFTER_SECONDS = 5;

  private ApiErrors() {}

  static WebApplicationException badRequest(String message) {
    return error(Response.Status.BAD_REQUEST, message);
  }

  static WebApplicationException notFound(String message) {
    return error(Response.Status.NOT_FOUND, message);
  }

  static WebApplicationException tooLarge(String message) {
    return error(Response.Status.REQUEST_ENTITY_TOO_LARGE, message);
  }

  static WebApplicationException forbidden(String message) {
    return error(Response.Status.FORBIDDEN, message);
  }

  static WebApplicationException conflict(String message) {
    return error(Response.Status.CONFLICT, message);
  }

  static WebApplicationException tooManyRequests(String message, long retryAfterSeconds) {
    return new WebApplicationException(
        Response.status(Response.Status.TOO_MANY_REQUESTS)
            .header("Retry-After", retryAfterSeconds)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(429, message))
            .build());
  }

  /** A dependency is down; the request may succeed if retried. */
  static WebApplicationException unavailable(String message) {
    return unavailable(message, RETRY_AFTER_SECONDS);
  }

  static WebApplicationException unavailable(String message, int retryAfterSeconds) {
    return new WebApplicationException(
        Response.status(Response.Status.SERVICE_UNAVAILABLE)
            .header("Retry-After", retryAfterSeconds)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(503, message))
            .build());
  }

  private static WebApplicationException error(Response.Status status, String message) {
    return new WebApplicationException(
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(status.getStatusCode(), message))
            .build());
  }
}
