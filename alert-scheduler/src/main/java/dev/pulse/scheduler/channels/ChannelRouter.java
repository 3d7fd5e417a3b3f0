package dev.pulse.scheduler.channels;

import dev.pulse.contract.alerting.Alert;
import java.net.URI;

/** Resolves channel URIs against the configured endpoints and sends each its kind of message. */
public class ChannelRouter {
  private final URI pagerDutyUrl;
  private final String slackBaseUrl;
  private final Messages messages;
  private final WebhookClient webhooks;

  public ChannelRouter(URI pagerDutyUrl, String slackBaseUrl, Messages messages, WebhookClient webhooks) {
    this.pagerDutyUrl = pagerDutyUrl;
    this.slackBaseUrl = slackBaseUrl;
    this.messages = messages;
    this.webhooks = webhooks;
  }

  public Channel channel(String uri) {
    return Channel.parse(uri, pagerDutyUrl, slackBaseUrl);
  }

  public Delivery send(Channel channel, Alert alert, Messages.Kind kind, int step) {
    return webhooks.post(channel.endpoint(), messages.body(channel, alert, kind, step));
  }
}
