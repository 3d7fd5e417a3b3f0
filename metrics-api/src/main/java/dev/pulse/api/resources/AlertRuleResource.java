package dev.pulse.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.api.alerts.AlertRuleSpec;
import dev.pulse.api.alerts.AlertRuleStore;
import dev.pulse.api.alerts.RulePublisher;
import dev.pulse.api.alerts.RuleValidator;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.kafka.KafkaAcks;
import dev.pulse.contract.alerting.AlertRule;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Alert rules (admin). Rules are disabled with {@code PATCH {"enabled": false}}, never deleted;
 * every change is kept in the rule's history with who made it. A change is answered once it is
 * stored and on {@code alerts.rules}, where the alerting job picks it up.
 */
@Path("/v1/alert-rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiKey.ADMIN)
public class AlertRuleResource {
  private final AlertRuleStore store;
  private final RuleValidator validator;
  private final RulePublisher publisher;
  private final ObjectMapper json;

  public AlertRuleResource(AlertRuleStore store, RuleValidator validator, RulePublisher publisher, ObjectMapper json) {
    this.store = store;
    this.validator = validator;
    this.publisher = publisher;
    this.json = json;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(AlertRuleSpec spec, @Context SecurityContext security) {
    AlertRule created = store.create(valid(spec), who(security));
    publish(created);
    return Response.created(URI.create("/v1/alert-rules/" + created.id())).entity(created).build();
  }

  @GET
  public Map<String, List<AlertRule>> list() {
    return Map.of("rules", store.list());
  }

  @GET
  @Path("/{id}")
  public AlertRule get(@PathParam("id") long id) {
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  /** Replaces the whole rule; fields left out take their defaults. */
  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public AlertRule replace(@PathParam("id") long id, AlertRuleSpec spec, @Context SecurityContext security) {
    AlertRule replaced = store.replace(id, valid(spec), who(security), "replaced").orElseThrow(() -> notFound(id));
    publish(replaced);
    return replaced;
  }

  /** Changes only the fields sent, e.g. {@code {"enabled": false}} or {@code {"threshold": 50}}. */
  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public AlertRule patch(@PathParam("id") long id, JsonNode changes, @Context SecurityContext security) {
    if (changes == null || !changes.isObject()) {
      throw ApiErrors.badRequest("the body must be a JSON object of the fields to change");
    }
    AlertRule current = store.find(id).orElseThrow(() -> notFound(id));
    ObjectNode merged = json.valueToTree(specOf(current));
    merged.setAll((ObjectNode) changes);
    AlertRuleSpec spec;
    try {
      spec = json.treeToValue(merged, AlertRuleSpec.class);
    } catch (Exception e) {
      throw ApiErrors.badRequest("the changes do not make a rule: " + e.getMessage());
    }
    AlertRule patched = store.replace(id, valid(spec), who(security), "patched").orElseThrow(() -> notFound(id));
    publish(patched);
    return patched;
  }

  @GET
  @Path("/{id}/history")
  public Map<String, List<AlertRuleStore.Change>> history(@PathParam("id") long id) {
    store.find(id).orElseThrow(() -> notFound(id));
    return Map.of("changes", store.history(id));
  }

  private AlertRuleSpec valid(AlertRuleSpec spec) {
    if (spec == null) {
      throw ApiErrors.badRequest("the body must be a rule: {\"name\", \"metric\", \"condition\", \"threshold\", \"window_seconds\", \"channels\", ...}");
    }
    try {
      validator.check(spec);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest(e.getMessage());
    }
    return spec;
  }

  private void publish(AlertRule rule) {
    try {
      publisher.publish(rule);
    } catch (KafkaAcks.PublishFailedException e) {
      throw ApiErrors.unavailable("rule " + rule.id() + " is stored, but did not reach alerts.rules (" + e.getMessage()
          + "); it is published again when metrics-api restarts or the rule next changes");
    }
  }

  private static AlertRuleSpec specOf(AlertRule rule) {
    return new AlertRuleSpec(rule.name(), rule.metric(), rule.dimensions(), rule.groupBy(), rule.statistic(),
        rule.condition(), rule.threshold(), rule.windowSeconds(), rule.forSeconds(), rule.severity(), rule.channels(),
        rule.escalateAfterSeconds(), rule.escalationChannels(), rule.enabled());
  }

  private static String who(SecurityContext security) {
    return security.getUserPrincipal().getName();
  }

  private static RuntimeException notFound(long id) {
    return ApiErrors.notFound("no alert rule " + id);
  }
}
