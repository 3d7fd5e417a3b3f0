package dev.pulse.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pulse.api.query.MetricQuery;
import dev.pulse.api.query.QueryLimits;
import dev.pulse.contract.catalog.MetricCatalog;
import dev.pulse.contract.catalog.MetricDefinition;
import jakarta.ws.rs.WebApplicationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MetricQueryParserTest {
  private static final MetricCatalog CATALOG = MetricCatalog.loadDefault();
  private static final MetricDefinition EVENT_COUNT = CATALOG.find("event_count").orElseThrow();
  private static final QueryLimits LIMITS = new QueryLimits(Duration.ofDays(366), 1440, 50, 200_000);
  private static final MetricQueryParser PARSER =
      new MetricQueryParser(LIMITS, Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void dimensionsAreKeyValuePairsWithSeveralValuesSeparatedByBars() {
    assertThat(MetricQueryParser.filters(EVENT_COUNT, "source:web|ios,event_type:page_view"))
        .containsEntry("source", List.of("web", "ios"))
        .containsEntry("event_type", List.of("page_view"));
    assertThat(MetricQueryParser.filters(EVENT_COUNT, "source:a:b")).containsEntry("source", List.of("a:b"));
    assertThat(MetricQueryParser.filters(EVENT_COUNT, null)).isEmpty();
  }

  @Test
  void defaultsAreTheLastHourOfTheFirstWindowAtItsOwnStep() {
    MetricQuery query = PARSER.parse(EVENT_COUNT, new MetricReadParams(), Optional.empty());

    assertThat(query.to()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(query.from()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
    assertThat(query.window().id()).isEqualTo("1m");
    assertThat(query.granularity()).isEqualTo(Duration.ofMinutes(1));
    assertThat(query.rollsUp()).isFalse();
  }

  @Test
  void granularityAndWindowKindPickWhatIsStoredAndHowItRollsUp() {
    MetricReadParams hourly = new MetricReadParams();
    hourly.granularity = "1h";
    hourly.groupBy = "source,event_type";
    MetricReadParams sliding = new MetricReadParams();
    sliding.window = "sliding";

    MetricQuery rolled = PARSER.parse(EVENT_COUNT, hourly, Optional.of("acme"));
    MetricQuery slid = PARSER.parse(EVENT_COUNT, sliding, Optional.empty());

    assertThat(rolled.rollsUp()).isTrue();
    assertThat(rolled.bucketOf(Instant.parse("2026-11-24T09:42:00Z").toEpochMilli()))
        .isEqualTo(Instant.parse("2026-11-24T09:00:00Z").toEpochMilli());
    assertThat(rolled.groupBy()).containsExactly("source", "event_type");
    assertThat(rolled.tenant()).contains("acme");
    assertThat(slid.window().id()).isEqualTo("5m/30s");
    assertThat(slid.granularity()).isEqualTo(Duration.ofSeconds(30));
    assertThat(slid.bucketEnd(0)).isEqualTo(Duration.ofMinutes(5).toMillis());
  }

  @Test
  void everyBadParameterIsA400ThatSaysWhatIsWrong() {
    assertBadRequest(p -> p.dimensions = "country:US", "'country' is not a dimension of event_count");
    assertBadRequest(p -> p.dimensions = "source", "must be key:value pairs");
    assertBadRequest(p -> p.dimensions = "source:a,source:b", "given twice");
    assertBadRequest(p -> p.dimensions = "source:a|", "has an empty value");
    assertBadRequest(p -> p.groupBy = "country", "group_by: 'country' is not a dimension");
    assertBadRequest(p -> p.groupBy = "source,source", "names 'source' twice");
    assertBadRequest(p -> p.windowStart = "yesterday", "window_start must be an ISO-8601 instant");
    assertBadRequest(p -> {
      p.windowStart = "2026-11-24T11:00:00Z";
      p.windowEnd = "2026-11-24T10:00:00Z";
    }, "window_start must be before window_end");
    assertBadRequest(p -> p.windowStart = "2024-01-01T00:00:00Z", "at most 366 days (query.maxRange)");
    assertBadRequest(p -> p.windowStart = "2026-11-20T00:00:00Z", "the limit is 1440 (query.maxBuckets)");
    assertBadRequest(p -> p.window = "2m", "window '2m' must be tumbling, sliding or one of");
    assertBadRequest(p -> p.granularity = "7m", "granularity '7m' must be one of 1m, 5m, 1h, 1d");
    assertBadRequest(p -> {
      p.window = "5m/30s";
      p.granularity = "1h";
    }, "window 5m/30s is sliding");
  }

  @Test
  void aMetricWithoutTheAskedWindowKindSaysWhichItHas() {
    MetricDefinition pageViews = CATALOG.find("page_views").orElseThrow();
    MetricReadParams sliding = new MetricReadParams();
    sliding.window = "sliding";

    WebApplicationException error =
        catchThrowableOfType(WebApplicationException.class, () -> PARSER.parse(pageViews, sliding, Optional.empty()));

    assertThat(error.getResponse().getStatus()).isEqualTo(400);
    assertThat(error.getResponse().getEntity().toString()).contains("page_views has no sliding window");
  }

  private static void assertBadRequest(Consumer<MetricReadParams> set, String message) {
    MetricReadParams params = new MetricReadParams();
    set.accept(params);
    WebApplicationException error =
        catchThrowableOfType(WebApplicationException.class, () -> PARSER.parse(EVENT_COUNT, params, Optional.empty()));
    assertThat(error).as(message).isNotNull();
    assertThat(error.getResponse().getStatus()).isEqualTo(400);
    assertThat(error.getResponse().getEntity().toString()).contains(message);
  }
}
