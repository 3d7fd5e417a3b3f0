package dev.pulse.scheduler.resources;

import static dev.pulse.scheduler.resources.AlertResource.error;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.scheduler.store.ChannelStore;
import dev.pulse.scheduler.store.NamedChannel;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named notification channels (contact points): create, list, replace, disable. Rules name them as
 * {@code pagerduty://<name>}, {@code slack://<name>} or {@code email://<name>}; the secrets stay
 * here and every answer shows them redacted.
 */
@Path("/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {
  /** A name like this could be taken for a rule's raw routing key, and would capture its pages. */
  private static final Pattern LOOKS_LIKE_ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{20,64}");
  private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern SLACK_PATH =
      Pattern.compile("(?:https://hooks\\.slack\\.com/)?/?(services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+)");
  private static final int MAX_ADDRESSES = 50;
  private static final String WHO = "admin";

  /** What a caller sends: a channel's secrets, at least one of them. */
  public record ChannelSpec(
      @JsonProperty("name") String name,
      @JsonProperty("pagerduty_routing_key") String pagerDutyRoutingKey,
      @JsonProperty("slack_webhook_path") String slackWebhookPath,
      @JsonProperty("email_addresses") List<String> emailAddresses) {}

  private final ChannelStore store;

  public ChannelResource(ChannelStore store) {
    this.store = store;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(ChannelSpec spec) {
    if (spec == null) {
      throw error(400, "the body must be a channel: {\"name\", \"pagerduty_routing_key\", \"slack_webhook_path\","
          + " \"email_addresses\"}, with at least one of the last three");
    }
    List<String> problems = new ArrayList<>();
    checkName(spec.name(), problems);
    ChannelStore.Secrets secrets = secrets(spec, problems);
    NamedChannel created = store.create(spec.name(), secrets, WHO)
        .orElseThrow(() -> error(409, "a channel named '" + spec.name() + "' exists; PUT /v1/channels/"
            + spec.name() + " replaces its secrets"));
    return Response.created(URI.create("/v1/channels/" + created.name())).entity(created.redacted()).build();
  }

  @GET
  public Map<String, List<NamedChannel.Redacted>> list() {
    return Map.of("channels", store.list().stream().map(NamedChannel::redacted).toList());
  }

  @GET
  @Path("/{name}")
  public NamedChannel.Redacted get(@PathParam("name") String name) {
    return store.find(name).orElseThrow(() -> notFound(name)).redacted();
  }

  /** Replaces the channel's secrets: the next notification to it uses the new ones. */
  @PUT
  @Path("/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public NamedChannel.Redacted replace(@PathParam("name") String name, ChannelSpec spec) {
    if (spec == null) {
      throw error(400, "the body must hold the channel's secrets: pagerduty_routing_key, slack_webhook_path,"
          + " email_addresses");
    }
    if (spec.name() != null && !spec.name().equals(name)) {
      throw error(400, "a channel cannot be renamed ('" + spec.name() + "' in the body, '" + name + "' in the path)");
    }
    ChannelStore.Secrets secrets = secrets(spec, new ArrayList<>());
    return store.replace(name, secrets, WHO).orElseThrow(() -> notFound(name)).redacted();
  }

  /** {@code {"enabled": false}} disables a channel: rules naming it are logged REJECTED, not sent. */
  @PATCH
  @Path("/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public NamedChannel.Redacted setEnabled(@PathParam("name") String name, Map<String, Object> changes) {
    if (changes == null || !(changes.get("enabled") instanceof Boolean enabled) || changes.size() != 1) {
      throw error(400, "PATCH takes {\"enabled\": true|false}; PUT replaces a channel's secrets");
    }
    return store.setEnabled(name, enabled, WHO).orElseThrow(() -> notFound(name)).redacted();
  }

  private static void checkName(String name, List<String> problems) {
    if (name == null || !NamedChannel.NAME.matcher(name).matches()) {
      problems.add("name is required: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    } else if (LOOKS_LIKE_ROUTING_KEY.matcher(name).matches()) {
      problems.add("name '" + name + "' could be taken for a PagerDuty routing key; add a '-' or shorten it");
    }
  }

  /** Checks and normalizes the secrets; throws a 400 naming every problem, including earlier ones. */
  private static ChannelStore.Secrets secrets(ChannelSpec spec, List<String> problems) {
    String routingKey = spec.pagerDutyRoutingKey();
    if (routingKey != null && !ROUTING_KEY.matcher(routingKey).matches()) {
      problems.add("pagerduty_routing_key must be the integration's routing key: 1 to 64 letters and digits");
    }
    String slackPath = null;
    if (spec.slackWebhookPath() != null) {
      Matcher slack = SLACK_PATH.matcher(spec.slackWebhookPath());
      if (slack.matches()) {
        slackPath = slack.group(1);
      } else {
        problems.add("slack_webhook_path must look like services/T000/B000/XXXX (or the whole hooks.slack.com URL)");
      }
    }
    List<String> addresses = spec.emailAddresses() == null ? List.of() : spec.emailAddresses();
    if (addresses.size() > MAX_ADDRESSES) {
      problems.add("email_addresses holds at most " + MAX_ADDRESSES + " addresses");
    }
    for (int i = 0; i < addresses.size(); i++) {
      if (!isAddress(addresses.get(i))) {
        problems.add("email_addresses[" + i + "] is not an e-mail address");
      }
    }
    if (routingKey == null && spec.slackWebhookPath() == null && addresses.isEmpty()) {
      problems.add("give at least one of pagerduty_routing_key, slack_webhook_path, email_addresses");
    }
    if (!problems.isEmpty()) {
      throw error(400, String.join("; ", problems));
    }
    return new ChannelStore.Secrets(routingKey, slackPath, List.copyOf(addresses));
  }

  private static boolean isAddress(String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    try {
      new InternetAddress(address, true).validate();
      return address.contains("@");
    } catch (AddressException e) {
      return false;
    }
  }

  private static RuntimeException notFound(String name) {
    return error(404, "no channel named '" + name + "'; GET /v1/channels lists them");
  }
}
