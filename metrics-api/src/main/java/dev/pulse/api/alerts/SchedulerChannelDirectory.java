package dev.pulse.api.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the alert scheduler, which alone holds channel secrets, whether a channel exists and what it
 * can deliver. Its answers are redacted, so nothing secret reaches this service.
 */
public class SchedulerChannelDirectory implements ChannelDirectory {
  private final HttpClient http;
  private final URI schedulerUrl;
  private final String token;
  private final Duration timeout;
  private final ObjectMapper json;

  public SchedulerChannelDirectory(URI schedulerUrl, String token, Duration timeout, ObjectMapper json) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.schedulerUrl = schedulerUrl;
    this.token = token;
    this.timeout = timeout;
    this.json = json;
  }

  @Override
  public Optional<NamedChannel> find(String name) {
    HttpRequest request = HttpRequest.newBuilder(
            schedulerUrl.resolve("/v1/channels/" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UnavailableException("the alert scheduler at " + schedulerUrl + " did not answer (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while asking the alert scheduler", e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new UnavailableException("the alert scheduler answered HTTP " + response.statusCode()
          + " for channel '" + name + "'", null);
    }
    return Optional.of(channel(response.body()));
  }

  private NamedChannel channel(String body) {
    try {
      JsonNode node = json.readTree(body);
      Set<String> kinds = new LinkedHashSet<>();
      node.path("kinds").forEach(kind -> kinds.add(kind.asText()));
      return new NamedChannel(node.path("name").asText(), kinds, node.path("enabled").asBoolean(true));
    } catch (IOException e) {
      throw new UnavailableException("the alert scheduler's answer is not a channel", e);
    }
  }
}
