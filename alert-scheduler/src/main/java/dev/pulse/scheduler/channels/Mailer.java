package dev.pulse.scheduler.channels;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends notifications over SMTP, with the webhooks' retry policy: what may pass later (no
 * connection, a timeout, a 4xx reply) is retried with backoff; a 5xx reply or a refused login is
 * final. Addresses are secrets of their channel, so no outcome's detail ever names one.
 */
public class Mailer {
  /** How the connection is protected: none (a local relay), STARTTLS on the plain port, or SMTPS. */
  public enum Tls { NONE, STARTTLS, SMTPS }

  /** Where and as whom to send. */
  public record Settings(String host, int port, Tls tls, String username, String password, String from, Duration timeout) {}

  private final Settings settings;
  private final Session session;
  private final RetryPolicy<Delivery> retries;

  public Mailer(Settings settings, int maxRetries, Duration firstBackoff, Duration maxBackoff) {
    this.settings = settings;
    this.session = Session.getInstance(properties(settings, protocol(settings)));
    this.retries = RetryPolicy.<Delivery>builder()
        .handleResultIf(delivery -> delivery.status() == Delivery.Status.FAILED)
        .withBackoff(firstBackoff, maxBackoff)
        .withMaxRetries(maxRetries)
        .build();
  }

  public Delivery send(List<String> recipients, EmailMessage message) {
    AtomicInteger attempts = new AtomicInteger();
    Delivery last = Failsafe.with(retries).get(() -> attempt(recipients, message, attempts.incrementAndGet()));
    return new Delivery(last.status(), attempts.get(), null, last.detail());
  }

  private Delivery attempt(List<String> recipients, EmailMessage message, int attempt) {
    try (Transport transport = session.getTransport(protocol(settings))) {
      transport.connect(settings.host(), settings.port(), blankToNull(settings.username()),
          blankToNull(settings.password()));
      MimeMessage mime = mime(recipients, message);
      transport.sendMessage(mime, mime.getAllRecipients());
      return new Delivery(Delivery.Status.SENT, attempt, null, "SMTP " + replyCode(transport));
    } catch (AuthenticationFailedException e) {
      return new Delivery(Delivery.Status.REJECTED, attempt, null, "the SMTP server refused the login of smtp.username");
    } catch (MessagingException e) {
      return failure(e, attempt);
    }
  }

  /** Reply codes only: a server's text may quote the addresses it refused. */
  private Delivery failure(MessagingException e, int attempt) {
    int code = replyCode(e);
    if (code >= 500) {
      return new Delivery(Delivery.Status.REJECTED, attempt, null, "SMTP " + code + " (" + e.getClass().getSimpleName() + ")");
    }
    String detail = code > 0
        ? "SMTP " + code + " (" + e.getClass().getSimpleName() + ")"
        : "no answer from the SMTP server " + settings.host() + ":" + settings.port() + " ("
            + (e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName()) + ")";
    return new Delivery(Delivery.Status.FAILED, attempt, null, detail);
  }

  private MimeMessage mime(List<String> recipients, EmailMessage message) throws MessagingException {
    MimeMessage mime = new MimeMessage(session);
    mime.setFrom(new InternetAddress(settings.from()));
    for (String recipient : recipients) {
      mime.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
    }
    mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
    mime.setSentDate(new Date());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
    mime.setContent(new MimeMultipart("alternative", text, html)); // the last part is the one preferred
    return mime;
  }

  private static int replyCode(MessagingException e) {
    for (Exception cause = e; cause != null; cause = cause instanceof MessagingException m ? m.getNextException() : null) {
      if (cause instanceof SMTPAddressFailedException address) {
        return address.getReturnCode();
      }
      if (cause instanceof SMTPSendFailedException send) {
        return send.getReturnCode();
      }
      if (cause instanceof SMTPSenderFailedException sender) {
        return sender.getReturnCode();
      }
    }
    return 0;
  }

  private static int replyCode(Transport transport) {
    return transport instanceof SMTPTransport smtp ? smtp.getLastReturnCode() : 0;
  }

  private static String protocol(Settings settings) {
    return settings.tls() == Tls.SMTPS ? "smtps" : "smtp";
  }

  private static Properties properties(Settings settings, String protocol) {
    String prefix = "mail." + protocol + ".";
    String millis = String.valueOf(settings.timeout().toMillis());
    Properties properties = new Properties();
    properties.put(prefix + "connectiontimeout", millis);
    properties.put(prefix + "timeout", millis);
    properties.put(prefix + "writetimeout", millis);
    properties.put(prefix + "auth", String.valueOf(blankToNull(settings.username()) != null));
    if (settings.tls() == Tls.STARTTLS) {
      properties.put(prefix + "starttls.enable", "true");
      properties.put(prefix + "starttls.required", "true");
    }
    if (settings.tls() != Tls.NONE) {
      properties.put(prefix + "ssl.checkserveridentity", "true");
    }
    return properties;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
