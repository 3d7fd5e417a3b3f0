package dev.pulse.api.query;

/** A read that turned out, once Pinot answered, to be over one of the {@link QueryLimits}. */
public class QueryLimitException extends RuntimeException {
  public QueryLimitException(String message) {
    super(message);
  }
}
