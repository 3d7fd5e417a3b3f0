package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The embed page and the dashboard in headless Chromium: what the charts draw is what the API
 * answers for the same query. Screenshots go to target/screenshots.
 */
@ExtendWith(StackExtension.class)
class BrowserIT {
  private static final String TENANT = "browser-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static WebDriver browser;

  @BeforeAll
  static void startChromiumAndSendATenantsEvents(LocalStack stack) throws IOException {
    Instant now = Instant.now();
    try (DirectProducer producer = new DirectProducer(stack)) {
      for (int i = 0; i < 30; i++) {
        String source = i % 3 == 0 ? "ios" : "web";
        producer.send(DirectProducer.event(
            "page_view", source, TENANT, "u" + i, now.minus(Duration.ofMinutes(40 - i)), Map.of("page", "/p" + i % 4)));
      }
      producer.flush();
    }
    browser = new ChromeDriver(driverService(), options());
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopChromium() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theEmbedChartAndBreakdownShowWhatTheApiAnswersForTheTokensTenant(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
        .until(() -> api.total("event_count", "tenant:" + TENANT) == 30);
    String token = api.mintToken(TENANT, List.of("event_count"), 600);

    browser.get(stack.apiUrl().resolve("/embed/event_count?token=" + token).toString());
    WebElement chart = awaitLoaded("#chart");

    String query = chart.getDomAttribute("data-query");
    JsonNode answer = PulseApi.json(api.get(query, token));
    assertThat(pointsOf(chart)).isNotEmpty().isEqualTo(bucketsOf(answer));
    assertThat(answer.get("total").asDouble()).isEqualTo(30);
    Map<String, Double> breakdown = new LinkedHashMap<>();
    for (WebElement row : browser.findElements(By.cssSelector("#breakdown tbody tr"))) {
      breakdown.put(row.getDomAttribute("data-value"), Double.parseDouble(row.getDomAttribute("data-total")));
    }
    assertThat(breakdown).isEqualTo(Map.of("web", 20.0, "ios", 10.0));
    screenshot("embed-event_count");

    // Picking a slice filters the chart to it.
    browser.findElement(By.cssSelector("#breakdown tbody tr[data-value='ios']")).click();
    await().atMost(Duration.ofSeconds(20)).until(() -> chart.getDomAttribute("data-query").contains("source%3Aios")
        && "true".equals(chart.getDomAttribute("data-loaded")));
    JsonNode ios = PulseApi.json(api.get(chart.getDomAttribute("data-query"), token));
    assertThat(ios.get("total").asDouble()).isEqualTo(10);
    assertThat(pointsOf(chart)).isEqualTo(bucketsOf(ios));
    screenshot("embed-event_count-ios");
  }

  @Test
  void anEmbedRefusesATokenForAnotherMetricOrNone(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    String token = api.mintToken(TENANT, List.of("event_count"), 600);

    HttpResponse<String> otherMetric = api.get("/embed/page_views?token=" + token, null);
    HttpResponse<String> noToken = api.get("/embed/event_count", null);
    browser.get(stack.apiUrl().resolve("/embed/page_views?token=" + token).toString());

    assertThat(otherMetric.statusCode()).isEqualTo(403);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("does not grant page_views");
  }

  @Test
  void theDashboardChartsEveryMetricTheAdminReads(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    browser.get(stack.apiUrl().resolve("/").toString());
    browser.findElement(By.id("credential")).sendKeys(api.adminKey());
    browser.findElement(By.cssSelector("#login button")).click();
    awaitLoaded("body");

    List<String> listed = Stream.of(PulseApi.json(api.get("/v1/metrics")).get("metrics"))
        .flatMap(m -> java.util.stream.StreamSupport.stream(m.spliterator(), false))
        .map(m -> m.get("name").asText())
        .toList();
    List<String> cards = browser.findElements(By.cssSelector(".card")).stream()
        .map(card -> card.getDomAttribute("data-metric"))
        .toList();
    assertThat(cards).containsExactlyInAnyOrderElementsOf(listed);
    // Other tests' events may still be arriving: the chart matches the API once both are read together.
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(3)).until(() -> {
      WebElement chart = browser.findElement(By.cssSelector(".card[data-metric='event_count'] svg"));
      Map<String, Double> drawn = pointsOf(chart);
      boolean same = !drawn.isEmpty() && drawn.equals(bucketsOf(PulseApi.json(api.get(chart.getDomAttribute("data-query")))));
      if (!same) {
        browser.navigate().refresh(); // the credential stays in the tab's session
        awaitLoaded("body");
      }
      return same;
    });
    screenshot("dashboard");
  }

  @Test
  void theOperatorViewReachedFromTheDashboardShowsLiveNumbersInEveryRow(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    var load = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    load.scheduleAtFixedRate(() -> {
      try {
        api.postEvents(PulseApi.batch(20, "operators"));
      } catch (Exception e) {
        // the rows below say whether ingest worked
      }
    }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
    try {
      browser.get(stack.apiUrl().resolve("/").toString());
      browser.findElement(By.linkText("Pipeline health")).click();
      List<String> rows = List.of("events-in", "accepted", "dead-letters", "dlq-share", "lag", "flink", "pinot-rows",
          "pinot-consuming", "pinot-lag", "freshness", "reconciliation", "zscore");
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
        browser.navigate().refresh();
        assertThat(browser.getCurrentUrl()).endsWith("/consoles/pulse.html");
        for (String row : rows) {
          List<WebElement> cells = browser.findElements(By.cssSelector("[data-row='" + row + "']"));
          assertThat(cells).as(row).isNotEmpty();
          assertThat(cells).as(row).allSatisfy(cell -> assertThat(cell.getText()).as(row).containsPattern("\\d")
              .doesNotContain("no data").doesNotContain("no events"));
        }
      });
      screenshot("operators");
    } finally {
      load.shutdownNow();
    }
  }

  private static WebElement awaitLoaded(String selector) {
    return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      WebElement element = browser.findElement(By.cssSelector(selector));
      return "true".equals(element.getDomAttribute("data-loaded")) ? element : null;
    }, element -> element != null);
  }

  private static Map<String, Double> pointsOf(WebElement chart) {
    Map<String, Double> points = new LinkedHashMap<>();
    for (WebElement point : chart.findElements(By.cssSelector("circle"))) {
      points.put(point.getDomAttribute("data-time"), Double.parseDouble(point.getDomAttribute("data-value")));
    }
    return points;
  }

  private static Map<String, Double> bucketsOf(JsonNode answer) {
    Map<String, Double> buckets = new LinkedHashMap<>();
    answer.get("windows").forEach(b -> buckets.put(b.get("window_start").asText(), b.get("value").asDouble()));
    return buckets;
  }

  private static void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Debian's chromedriver, never one Selenium would download (this machine has no internet). */
  private static ChromeDriverService driverService() {
    String driver = Optional.ofNullable(System.getenv("CHROMEDRIVER")).orElse("/usr/bin/chromedriver");
    assertThat(new File(driver).canExecute()).as("chromedriver at " + driver + " (apt install chromium-driver, or set CHROMEDRIVER)").isTrue();
    return new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
  }

  private static ChromeOptions options() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Optional.ofNullable(System.getenv("CHROME_BIN")).orElse("/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900");
    return options;
  }
}
