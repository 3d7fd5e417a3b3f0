package dev.pulse.contract.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request body that is not JSON, or JSON of the wrong shape, answered with what the caller can
 * fix: the field and the type it wants, or where the JSON breaks. Never the value sent, which may
 * be a secret (a routing key in a field of the wrong type). Registered by the HTTP services in
 * place of the framework's "Unable to process JSON".
 */
public class JsonBodyErrorMapper implements ExceptionMapper<JsonProcessingException> {
  @Override
  public Response toResponse(JsonProcessingException e) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("code", 400, "message", message(e)))
        .build();
  }

  /** The caller's part of the problem, in words; public for resources that bind JSON themselves. */
  public static String message(JsonProcessingException e) {
    if (e instanceof JsonParseException) {
      return "the body is not valid JSON" + at(e.getLocation());
    }
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return "the body is not the JSON object this call takes" + at(e.getLocation());
    }
    String field = field(mapping);
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field '" + field + "'";
    }
    if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
      Class<?> wanted = ((MismatchedInputException) e).getTargetType();
      return "field '" + field + "' must be " + kind(wanted);
    }
    return "field '" + field + "' cannot be read";
  }

  private static String field(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
