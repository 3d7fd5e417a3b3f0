package dev.pulse.scheduler.channels;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts JSON to a webhook, retrying with exponential backoff on what may pass (5xx, 429, timeouts,
 * refused connections) and never on a 4xx, which the next attempt would get again.
 */
public class WebhookClient {
  private static final int MAX_DETAIL = 500;

  private final HttpClient http;
  private final Duration timeout;
  private final RetryPolicy<HttpResponse<String>> retries;

  public WebhookClient(Duration timeout, int maxRetries, Duration firstBackoff, Duration maxBackoff) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
    this.retries = RetryPolicy.<HttpResponse<String>>builder()
        .handle(IOException.class) // includes HttpTimeoutException and refused connections
        .handleResultIf(response -> retryable(response.statusCode()))
        .withBackoff(firstBackoff, maxBackoff)
        .withMaxRetries(maxRetries)
        .build();
  }

  public Delivery post(URI endpoint, byte[] json) {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json))
        .build();
    AtomicInteger attempts = new AtomicInteger();
    try {
      HttpResponse<String> response = Failsafe.with(retries).get(() -> {
        attempts.incrementAndGet();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      });
      return outcome(response, attempts.get());
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Delivery(Delivery.Status.FAILED, attempts.get(), null, cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + clip(cause.getMessage())));
    }
  }

  private static Delivery outcome(HttpResponse<String> response, int attempts) {
    int status = response.statusCode();
    String detail = clip(response.body());
    if (status >= 200 && status < 300) {
      return new Delivery(Delivery.Status.SENT, attempts, status, detail);
    }
    return new Delivery(retryable(status) ? Delivery.Status.FAILED : Delivery.Status.REJECTED, attempts, status, detail);
  }

  /** 429 is a 4xx that PagerDuty and Slack both ask clients to retry after backing off. */
  private static boolean retryable(int status) {
    return status >= 500 || status == 429;
  }

  private static String clip(String text) {
    return text == null || text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
  }
}
