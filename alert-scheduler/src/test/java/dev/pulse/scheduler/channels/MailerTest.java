package dev.pulse.scheduler.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pulse.contract.alerting.Alert;
import dev.pulse.contract.alerting.AlertRule;
import dev.pulse.contract.alerting.AlertState;
import dev.pulse.contract.alerting.Condition;
import dev.pulse.contract.alerting.Severity;
import dev.pulse.contract.alerting.Statistic;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Trigger and resolve e-mails, as a real SMTP server (GreenMail, in this JVM) receives them. */
class MailerTest {
  private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
  private static final Messages MESSAGES =
      new Messages(new ObjectMapper(), "http://127.0.0.1:8080/", "http://127.0.0.1:9090/consoles/pulse.html");

  private GreenMail smtp;
  private Mailer mailer;

  @BeforeEach
  void startSmtp() throws IOException {
    int port = freePort();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    mailer = mailerOn(port);
  }

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  @Test
  void aTriggerArrivesAsTextAndHtmlWithTheSlackMessagesFacts() throws Exception {
    Delivery delivery = mailer.send(List.of("oncall@example.org", "lead@example.org"),
        MESSAGES.email(alert(AlertState.FIRING, 7.0), Messages.Kind.TRIGGER, 0));

    assertThat(delivery.status()).isEqualTo(Delivery.Status.SENT);
    assertThat(delivery.detail()).isEqualTo("SMTP 250");
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient's mailbox
    MimeMessage mail = received[0];
    assertThat(mail.getSubject()).isEqualTo("[CRITICAL] FIRING: checkout errors — event_count = 7 > 3");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("pulse-alerts@example.org");
    Multipart parts = (Multipart) mail.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    String text = (String) parts.getBodyPart(0).getContent();
    String html = (String) parts.getBodyPart(1).getContent();
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(text).contains("Metric: event_count (tenant=acme)", "Value: 7 (threshold: > 3, over 60 s)",
        "Since: 2026-12-01T10:00:00Z", "http://127.0.0.1:8080/?metric=event_count");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(html).contains("<th align=\"left\">Value</th><td>7 (threshold: &gt; 3, over 60 s)</td>",
        "<a href=\"http://127.0.0.1:8080/?metric=event_count\">Open the dashboard</a>");
  }

  @Test
  void aResolveSaysSo() throws Exception {
    mailer.send(List.of("oncall@example.org"), MESSAGES.email(alert(AlertState.RESOLVED, 1.0), Messages.Kind.RESOLVE, 0));

    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("[CRITICAL] RESOLVED: checkout errors — event_count = 1, no longer > 3");
  }

  @Test
  void noServerIsAFailureToRetryThatNamesNoAddress() throws Exception {
    smtp.stop();

    Delivery delivery = mailer.send(List.of("oncall@example.org"),
        MESSAGES.email(alert(AlertState.FIRING, 7.0), Messages.Kind.TRIGGER, 0));

    assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(delivery.attempts()).isEqualTo(3); // the first try and both retries
    assertThat(delivery.detail()).startsWith("no answer from the SMTP server 127.0.0.1:").doesNotContain("oncall");
    smtp.start(); // for @AfterEach
  }

  private static Mailer mailerOn(int port) {
    return new Mailer(new Mailer.Settings("127.0.0.1", port, Mailer.Tls.NONE, "", "", "pulse-alerts@example.org",
        Duration.ofSeconds(5)), 2, Duration.ofMillis(10), Duration.ofMillis(20));
  }

  private static Alert alert(AlertState state, double value) {
    AlertRule rule = new AlertRule(7, "checkout errors", "event_count", Map.of(), List.of("tenant"), Statistic.VALUE,
        Condition.GREATER_THAN, 3, 60, 0, Severity.CRITICAL, List.of("email://team-data-eng"), null, List.of(), true,
        1, T0);
    return new Alert(Alert.idOf(7, "tenant=acme", T0, state), state, rule, "tenant=acme", Map.of("tenant", "acme"),
        value, T0, T0 + 5_000);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
