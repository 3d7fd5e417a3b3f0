package dev.pulse.api.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.registry.EventSchemaCache;
import dev.pulse.api.registry.SchemaRegistryClient.RegistryUnavailableException;
import dev.pulse.api.registry.SchemaRegistryClient.SchemaRejectedException;
import dev.pulse.api.registry.SchemaRegistryClient;
import dev.pulse.contract.events.EventSchemas;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Registering a new version of an event type: the body is the Avro record of its {@code
 * properties}; the contract's envelope is added here. The registry checks compatibility (FULL by
 * default per subject, or BACKWARD if asked) and an incompatible version is refused with its reason
 * before any producer can use it.
 */
@Path("/v1/schemas")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {
  private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> COMPATIBILITY = Set.of("FULL", "BACKWARD");

  private final SchemaRegistryClient registry;
  private final EventSchemaCache schemas;

  public SchemaResource(SchemaRegistryClient registry, EventSchemaCache schemas) {
    this.registry = registry;
    this.schemas = schemas;
  }

  /** A registered version. */
  public record Registered(
      @JsonProperty("subject") String subject,
      @JsonProperty("id") int id,
      @JsonProperty("version") Integer version,
      @JsonProperty("schema") Object schema) {}

  @POST
  @Path("/{event_type}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(ApiKey.ADMIN)
  public Response register(
      @PathParam("event_type") String eventType, @QueryParam("compatibility") String compatibility, String propertiesSchema) {
    validateName(eventType);
    Schema schema;
    try {
      schema = EventSchemas.withEnvelope(eventType, propertiesSchema);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("the body must be the Avro record schema of the event's properties: " + e.getMessage());
    }
    String subject = EventSchemas.subjectFor(eventType);
    try {
      if (compatibility != null) {
        if (!COMPATIBILITY.contains(compatibility)) {
          throw ApiErrors.badRequest("compatibility must be one of " + COMPATIBILITY);
        }
        registry.setCompatibility(subject, compatibility);
      } else {
        registry.setCompatibilityIfUnset(subject, "FULL");
      }
      int id = registry.register(subject, schema);
      schemas.invalidate(eventType);
      return Response.status(Response.Status.CREATED).entity(new Registered(subject, id, null, null)).build();
    } catch (SchemaRejectedException e) {
      throw ApiErrors.conflict(e.getMessage());
    } catch (RegistryUnavailableException e) {
      throw ApiErrors.unavailable("the schema registry is unavailable: " + e.getMessage());
    }
  }

  @GET
  @Path("/{event_type}")
  public Registered latest(@PathParam("event_type") String eventType) {
    validateName(eventType);
    try {
      return registry
          .latest(EventSchemas.subjectFor(eventType))
          .map(r -> new Registered(r.subject(), r.id(), r.version(), asJson(r.schema())))
          .orElseThrow(() -> ApiErrors.notFound("no schema is registered for event_type '" + eventType + "'"));
    } catch (RegistryUnavailableException e) {
      throw ApiErrors.unavailable("the schema registry is unavailable: " + e.getMessage());
    }
  }

  private static Object asJson(Schema schema) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema.toString());
    } catch (java.io.IOException e) {
      return schema.toString();
    }
  }

  private static void validateName(String eventType) {
    if (!EVENT_TYPE.matcher(eventType).matches()) {
      throw ApiErrors.badRequest("event_type '" + eventType + "' is not a valid name (" + EVENT_TYPE.pattern() + ")");
    }
  }
}
