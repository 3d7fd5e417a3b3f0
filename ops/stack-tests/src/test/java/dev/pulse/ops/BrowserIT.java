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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The embed page and the dashboard in headless Chromium: the charts have axes with ticks, a legend
 * per line, and under the real mouse pointer they show what the API answers for the same query, at
 * every bucket. Screenshots go to target/screenshots.
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
      for (int i = 0; i < 12; i++) {
        producer.send(DirectProducer.event("purchase", "web", TENANT, "u" + i, now.minus(Duration.ofMinutes(20 - i)),
            Map.of("amount", 10.0 + 7 * i, "currency", "EUR")));
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
  void theEmbedChartsOneLinePerSliceWithAxesAndHoverValuesOfTheTokensTenant(LocalStack stack) throws Exception {
    PulseApi api = new PulseApi(stack);
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
        .until(() -> api.total("event_count", "tenant:" + TENANT) == 42); // 30 page views, 12 purchases
    String token = api.mintToken(TENANT, List.of("event_count"), 600);

    browser.get(stack.apiUrl().resolve("/embed/event_count?token=" + token).toString());
    WebElement chart = awaitLoaded("#chart");

    String query = chart.getDomAttribute("data-query");
    assertThat(query).contains("group_by=source");
    JsonNode answer = PulseApi.json(api.get(query, token));
    assertThat(legendLabels(chart)).containsExactly("web", "ios");
    assertThat(hoverMismatches(chart, answer)).isEmpty();
    assertAxesHaveTicks(chart, answer);
    Map<String, Double> breakdown = new LinkedHashMap<>();
    for (WebElement row : browser.findElements(By.cssSelector("#breakdown tbody tr"))) {
      breakdown.put(row.getDomAttribute("data-value"), Double.parseDouble(row.getDomAttribute("data-total")));
    }
    assertThat(breakdown).isEqualTo(Map.of("web", 32.0, "ios", 10.0));
    screenshot("embed-event_count");

    // Stacked, each line is drawn on the ones before it, and the legend still shows its own value.
    browser.findElement(By.id("stacked")).click();
    awaitReloaded(chart);
    assertThat(hoverMismatches(chart, PulseApi.json(api.get(chart.getDomAttribute("data-query"), token)))).isEmpty();
    screenshot("embed-event_count-stacked");
    browser.findElement(By.id("stacked")).click();
    awaitReloaded(chart);

    // Picking a slice filters the chart to it.
    browser.findElement(By.cssSelector("#breakdown tbody tr[data-value='ios']")).click();
    await().atMost(Duration.ofSeconds(20)).until(() -> chart.getDomAttribute("data-query").contains("source%3Aios")
        && "true".equals(chart.getDomAttribute("data-loaded")));
    JsonNode ios = PulseApi.json(api.get(chart.getDomAttribute("data-query"), token));
    assertThat(ios.get("total").asDouble()).isEqualTo(10);
    assertThat(legendLabels(chart)).containsExactly("event_count");
    assertThat(hoverMismatches(chart, ios)).isEmpty();
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
  void theDashboardChartsEveryMetricTheAdminReadsPercentilesAsThreeLines(LocalStack stack) throws Exception {
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
    // Other tests' events may still be arriving: each chart matches the API once both are read together.
    // A redraw can replace the chart under the pointer: the next attempt finds it again.
    for (String metric : List.of("event_count", "order_value_percentiles")) {
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(3))
          .ignoreException(StaleElementReferenceException.class).untilAsserted(() -> {
        WebElement chart = browser.findElement(By.cssSelector(".card[data-metric='" + metric + "'] .chart"));
        JsonNode answer = PulseApi.json(api.get(chart.getDomAttribute("data-query")));
        List<String> mismatches = hoverMismatches(chart, answer);
        if (!mismatches.isEmpty()) {
          browser.navigate().refresh(); // the credential stays in the tab's session
          awaitLoaded("body");
        }
        assertThat(answer.get("windows")).as(metric + " has data").isNotEmpty();
        assertThat(mismatches).as(metric).isEmpty();
      });
    }
    WebElement percentiles = browser.findElement(By.cssSelector(".card[data-metric='order_value_percentiles'] .chart"));
    // The dashboard redraws a chart when its data refreshes; a legend read across a redraw is stale.
    List<String> lines = await().atMost(Duration.ofSeconds(30)).ignoreException(StaleElementReferenceException.class)
        .until(() -> legendLabels(browser.findElement(
            By.cssSelector(".card[data-metric='order_value_percentiles'] .chart"))), labels -> !labels.isEmpty());
    assertThat(lines).containsExactly("p50", "p95", "p99");
    assertAxesHaveTicks(percentiles, PulseApi.json(api.get(percentiles.getDomAttribute("data-query"))));
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

  private static void awaitReloaded(WebElement chart) {
    await().atMost(Duration.ofSeconds(20)).until(() -> "true".equals(chart.getDomAttribute("data-loaded")));
  }

  /** The legend's line labels, after the first entry (the window under the cursor). */
  private static List<String> legendLabels(WebElement chart) {
    return legendRows(chart).stream().skip(1).map(row -> row.findElement(By.cssSelector(".u-label")).getText()).toList();
  }

  private static List<WebElement> legendRows(WebElement chart) {
    return chart.findElements(By.cssSelector(".u-legend tr.u-series"));
  }

  /**
   * Moves the mouse over every bucket of the answer in turn and compares the legend with the API:
   * the window's start (marked open when it is not final) and each line's value, as the chart
   * draws them (one line per group, per percentile, or the metric's value). Empty when all match.
   */
  private static List<String> hoverMismatches(WebElement chart, JsonNode answer) {
    Map<String, Map<String, Double>> expected = expectedLines(answer);
    Map<String, Boolean> finalAt = new java.util.TreeMap<>();
    answer.get("windows").forEach(w -> finalAt.merge(w.get("window_start").asText(), w.get("is_final").asBoolean(), Boolean::logicalAnd));
    List<String> mismatches = new java.util.ArrayList<>();
    for (Map.Entry<String, Boolean> bucket : finalAt.entrySet()) {
      List<String> shown = hover(chart, bucket.getKey());
      String window = bucket.getKey() + (bucket.getValue() ? "" : " (open)");
      if (!shown.get(0).equals(window)) {
        mismatches.add("window " + window + " shown as " + shown.get(0));
      }
      int line = 1;
      for (Map.Entry<String, Map<String, Double>> values : expected.entrySet()) {
        Double want = values.getValue().get(bucket.getKey());
        String got = shown.get(line++);
        if (!sameNumber(want, got)) {
          mismatches.add(values.getKey() + " at " + bucket.getKey() + ": API " + want + ", legend " + got);
        }
      }
    }
    return mismatches;
  }

  /** Line label to window start to value, in the legend's order. */
  private static Map<String, Map<String, Double>> expectedLines(JsonNode answer) {
    Map<String, Map<String, Double>> lines = new LinkedHashMap<>();
    if (answer.has("group_by")) {
      List<String> groupBy = new java.util.ArrayList<>();
      answer.get("group_by").forEach(d -> groupBy.add(d.asText()));
      answer.get("groups").forEach(g -> lines.put(label(g.get("dimensions"), groupBy), new LinkedHashMap<>()));
      answer.get("windows").forEach(w -> lines.get(label(w.get("dimensions"), groupBy))
          .put(w.get("window_start").asText(), w.get("value").asDouble()));
    } else if ("percentiles".equals(answer.get("aggregation").asText())) {
      for (String p : List.of("p50", "p95", "p99")) {
        Map<String, Double> line = new LinkedHashMap<>();
        answer.get("windows").forEach(w -> line.put(w.get("window_start").asText(), w.get("percentiles").get(p).asDouble()));
        lines.put(p, line);
      }
    } else {
      Map<String, Double> line = new LinkedHashMap<>();
      answer.get("windows").forEach(w -> line.put(w.get("window_start").asText(), w.get("value").asDouble()));
      lines.put(answer.get("metric_name").asText(), line);
    }
    return lines;
  }

  private static String label(JsonNode dimensions, List<String> groupBy) {
    return String.join(" · ", groupBy.stream().map(d -> dimensions.get(d).asText().isEmpty() ? "(none)" : dimensions.get(d).asText()).toList());
  }

  /** The legend rounds to 3 decimals, and to whole numbers from 1,000. */
  private static boolean sameNumber(Double want, String shown) {
    if (want == null) {
      return shown.equals("–");
    }
    if (shown.equals("–")) {
      return false;
    }
    double got = Double.parseDouble(shown.replace(",", ""));
    return Math.abs(got - want) <= (Math.abs(want) >= 1000 ? 0.5 : 0.0005);
  }

  /**
   * Places the real mouse pointer over the chart at a bucket's start; the legend's texts, window
   * first. The pages redraw their charts every 15 s or more: a move that meets a redraw is retried.
   */
  private static List<String> hover(WebElement chart, String windowStart) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<String> legend = hoverOnce(chart, windowStart);
        if (legend.get(0).startsWith(windowStart) || attempt == 3) {
          return legend;
        }
      } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.JavascriptException e) {
        if (attempt == 3) {
          throw e;
        }
      }
      // uPlot measures its plot when the pointer enters it; a chart drawn while the pointer sat
      // elsewhere on a page whose layout then moved can miss the first move. Leave and come back.
      new Actions(browser).moveToElement(browser.findElement(By.tagName("h1"))).perform();
    }
  }

  private static List<String> hoverOnce(WebElement chart, String windowStart) {
    long seconds = Instant.parse(windowStart).getEpochSecond();
    List<?> geometry = (List<?>) ((JavascriptExecutor) browser).executeScript(
        "const u = arguments[0].uplotChart; return [u.valToPos(arguments[1], 'x'), u.over.clientWidth];", chart, seconds);
    double x = ((Number) geometry.get(0)).doubleValue();
    double width = ((Number) geometry.get(1)).doubleValue();
    WebElement over = chart.findElement(By.cssSelector(".u-over"));
    new Actions(browser).moveToElement(over, (int) Math.round(x - width / 2), 0).perform();
    // The legend follows the pointer on the browser's next frame, not within the move itself.
    try {
      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
          .until(() -> legendValues(chart).get(0).startsWith(windowStart));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // the caller reports what the legend shows instead
    }
    return legendValues(chart);
  }

  private static List<String> legendValues(WebElement chart) {
    return legendRows(chart).stream().map(row -> row.findElement(By.cssSelector(".u-value")).getText()).toList();
  }

  /**
   * Both axes carry several tick labels: the time axis as clock times, the value axis as numbers
   * over a scale that reaches the largest value drawn.
   */
  @SuppressWarnings("unchecked")
  private static void assertAxesHaveTicks(WebElement chart, JsonNode answer) {
    List<List<Object>> ticks = (List<List<Object>>) ((JavascriptExecutor) browser).executeScript(
        "return arguments[0].uplotChart.axes.map(a => a._values);", chart);
    Number yMax = (Number) ((JavascriptExecutor) browser).executeScript("return arguments[0].uplotChart.scales.y.max;", chart);
    // Clock times, and the date where a day begins (a chart that spans midnight).
    assertThat(ticks.get(0)).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(t -> assertThat(String.valueOf(t)).matches("(?s).*(\\d{1,2}:\\d{2}|\\d{2}-\\d{2}).*"))
        .anySatisfy(t -> assertThat(String.valueOf(t)).matches("(?s).*\\d{1,2}:\\d{2}.*"));
    assertThat(ticks.get(1)).hasSizeGreaterThanOrEqualTo(2).allSatisfy(t -> assertThat(String.valueOf(t)).matches("[\\d,.]+"));
    double largest = 0;
    for (Map<String, Double> line : expectedLines(answer).values()) {
      largest = Math.max(largest, line.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
    assertThat(yMax.doubleValue()).as("the value axis reaches the largest value").isGreaterThanOrEqualTo(largest);
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
