package dev.pulse.scheduler.channels;

import dev.pulse.contract.alerting.Alert;
import dev.pulse.scheduler.store.ChannelStore;
import dev.pulse.scheduler.store.NamedChannel;
import java.net.URI;
import java.util.Optional;

/**
 * Resolves a rule's channel URIs and sends each its kind of message. A name is looked up at every
 * delivery, so a replaced secret takes effect at the next message; a name wins over the raw forms
 * that rules used before named channels.
 */
public class ChannelRouter {
  private final URI pagerDutyUrl;
  private final String slackBaseUrl;
  private final ChannelStore channels;
  private final Messages messages;
  private final WebhookClient webhooks;
  private final Mailer mailer;

  public ChannelRouter(URI pagerDutyUrl, String slackBaseUrl, ChannelStore channels, Messages messages,
      WebhookClient webhooks, Mailer mailer) {
    this.pagerDutyUrl = pagerDutyUrl;
    this.slackBaseUrl = slackBaseUrl;
    this.channels = channels;
    this.messages = messages;
    this.webhooks = webhooks;
    this.mailer = mailer;
  }

  public Channel channel(String uri) {
    Channel.Kind kind = kind(uri);
    if (kind == null) {
      return Channel.unusable(null, uri, "not a channel URI: " + Channel.redact(uri));
    }
    String target = uri.substring(uri.indexOf("://") + 3);
    Optional<NamedChannel> named = NamedChannel.NAME.matcher(target).matches() ? channels.find(target) : Optional.empty();
    if (named.isPresent()) {
      return resolve(kind, uri, named.get());
    }
    if (kind == Channel.Kind.EMAIL) {
      return Channel.unusable(kind, uri, "no channel named '" + target + "'");
    }
    return Channel.parse(uri, pagerDutyUrl, slackBaseUrl);
  }

  public Delivery send(Channel channel, Alert alert, Messages.Kind kind, int step) {
    if (channel.unusable() != null) {
      return new Delivery(Delivery.Status.REJECTED, 0, null, channel.unusable());
    }
    return switch (channel.kind()) {
      case PAGERDUTY, SLACK -> webhooks.post(channel.endpoint(), messages.body(channel, alert, kind, step));
      case EMAIL -> mailer.send(channel.recipients(), messages.email(alert, kind, step));
    };
  }

  private Channel resolve(Channel.Kind kind, String uri, NamedChannel named) {
    if (!named.enabled()) {
      return Channel.unusable(kind, uri, "channel '" + named.name() + "' is disabled");
    }
    return switch (kind) {
      case PAGERDUTY -> named.pagerDutyRoutingKey() == null
          ? Channel.unusable(kind, uri, "channel '" + named.name() + "' has no PagerDuty routing key")
          : new Channel(kind, uri, true, pagerDutyUrl, named.pagerDutyRoutingKey(), null, null);
      case SLACK -> named.slackWebhookPath() == null
          ? Channel.unusable(kind, uri, "channel '" + named.name() + "' has no Slack webhook")
          : new Channel(kind, uri, true, Channel.slackEndpoint(slackBaseUrl, named.slackWebhookPath()), null, null, null);
      case EMAIL -> named.emailAddresses().isEmpty()
          ? Channel.unusable(kind, uri, "channel '" + named.name() + "' has no e-mail addresses")
          : new Channel(kind, uri, true, null, null, named.emailAddresses(), null);
    };
  }

  private static Channel.Kind kind(String uri) {
    if (uri.startsWith(Channel.PAGERDUTY)) {
      return Channel.Kind.PAGERDUTY;
    }
    if (uri.startsWith(Channel.SLACK)) {
      return Channel.Kind.SLACK;
    }
    return uri.startsWith(Channel.EMAIL) ? Channel.Kind.EMAIL : null;
  }
}
