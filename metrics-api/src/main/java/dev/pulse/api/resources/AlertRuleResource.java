package dev.pulse.api.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.api.alerts.AlertRuleSpec;
import dev.pulse.api.alerts.AlertRuleStore;
import dev.pulse.api.alerts.ChannelDirectory;
import dev.pulse.api.alerts.RuleAnswer;
import dev.pulse.api.alerts.RulePublisher;
import dev.pulse.api.alerts.RuleValidator;
import dev.pulse.api.alerts.StoredRule;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.kafka.KafkaAcks;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.http.JsonBodyErrorMapper;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import java.util.Optional;
import java.util.UUID;

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

  /** Answers the published {@code rule_id} and {@code created_at}, and the rest of the rule. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = RuleAnswer.class)))
  public Response create(AlertRuleSpec spec, @Context SecurityContext security) {
    StoredRule created = store.create(valid(spec, ""), who(security));
    publish(created.rule());
    return Response.created(URI.create("/v1/alert-rules/" + created.ruleId())).entity(RuleAnswer.of(created)).build();
  }

  @GET
  public Map<String, List<RuleAnswer>> list() {
    return Map.of("rules", store.list().stream().map(RuleAnswer::of).toList());
  }

  /** By the published {@code rule_id} (a UUID) or by our numeric {@code id}. */
  @GET
  @Path("/{rule_id}")
  public RuleAnswer get(@PathParam("rule_id") String ruleId) {
    return RuleAnswer.of(find(ruleId));
  }

  /** Replaces the whole rule, as published: fields left out take their defaults. */
  @PUT
  @Path("/{rule_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public RuleAnswer replace(@PathParam("rule_id") String ruleId, AlertRuleSpec spec, @Context SecurityContext security) {
    long id = find(ruleId).rule().id();
    AlertRuleSpec checked = valid(spec, "PUT replaces the whole rule (PATCH changes only the fields sent): ");
    StoredRule replaced = store.replace(id, checked, who(security), "replaced").orElseThrow(() -> notFound(ruleId));
    publish(replaced.rule());
    return RuleAnswer.of(replaced);
  }

  /** Changes only the fields sent, e.g. {@code {"enabled": false}} or {@code {"threshold": 50}}. */
  @PATCH
  @Path("/{rule_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public RuleAnswer patch(@PathParam("rule_id") String ruleId, JsonNode changes, @Context SecurityContext security) {
    if (changes == null || !changes.isObject()) {
      throw ApiErrors.badRequest("the body must be a JSON object of the fields to change");
    }
    StoredRule current = find(ruleId);
    AlertRuleSpec spec;
    try {
      spec = json.treeToValue(merged(current.rule(), (ObjectNode) changes), AlertRuleSpec.class);
    } catch (JsonProcessingException e) {
      throw ApiErrors.badRequest("the changes do not make a rule: " + JsonBodyErrorMapper.message(e));
    }
    StoredRule patched = store.replace(current.rule().id(), valid(spec, ""), who(security), "patched")
        .orElseThrow(() -> notFound(ruleId));
    publish(patched.rule());
    return RuleAnswer.of(patched);
  }

  @GET
  @Path("/{rule_id}/history")
  public Map<String, List<AlertRuleStore.Change>> history(@PathParam("rule_id") String ruleId) {
    return Map.of("changes", store.history(find(ruleId).rule().id()));
  }

  /**
   * The rule as it stands with the changes laid over it. A change of either channel field replaces
   * the rule's channels, and one of either spelling of a field wins over the stored one.
   */
  private ObjectNode merged(AlertRule current, ObjectNode changes) {
    ObjectNode merged = json.valueToTree(specOf(current));
    if (changes.has("notification_channel") || changes.has("channels")) {
      merged.remove(List.of("notification_channel", "channels"));
    }
    if (changes.has("metric")) {
      merged.remove("metric_name");
    }
    if (changes.has("is_active")) {
      merged.remove("enabled");
    }
    merged.setAll(changes);
    return merged;
  }

  private StoredRule find(String ruleId) {
    Optional<StoredRule> rule;
    if (ruleId.chars().allMatch(Character::isDigit) && !ruleId.isEmpty() && ruleId.length() < 19) {
      rule = store.find(Long.parseLong(ruleId));
    } else {
      try {
        rule = store.find(UUID.fromString(ruleId));
      } catch (IllegalArgumentException notAUuid) {
        rule = Optional.empty();
      }
    }
    return rule.orElseThrow(() -> notFound(ruleId));
  }

  private AlertRuleSpec valid(AlertRuleSpec spec, String context) {
    if (spec == null) {
      throw ApiErrors.badRequest(context + "the body must be a rule: {\"metric_name\", \"condition\", \"threshold\","
          + " \"window_seconds\", \"notification_channel\", ...}");
    }
    try {
      validator.check(spec);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest(context + e.getMessage());
    } catch (ChannelDirectory.UnavailableException e) {
      throw ApiErrors.unavailable("cannot check the rule's channels now: " + e.getMessage() + "; nothing was changed");
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
        rule.condition().name(), rule.threshold(), rule.windowSeconds(), rule.forSeconds(), rule.severity(), null,
        rule.channels(), rule.escalateAfterSeconds(), rule.escalationChannels(), rule.enabled());
  }

  private static String who(SecurityContext security) {
    return security.getUserPrincipal().getName();
  }

  private static RuntimeException notFound(String ruleId) {
    return ApiErrors.notFound("no alert rule '" + ruleId + "'");
  }
}
