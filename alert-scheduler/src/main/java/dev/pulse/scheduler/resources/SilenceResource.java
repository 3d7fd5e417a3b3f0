package dev.pulse.scheduler.resources;

import static dev.pulse.scheduler.resources.AlertResource.error;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pulse.scheduler.store.Silence;
import dev.pulse.scheduler.store.SilenceStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Silences: create one for a rule and/or dimension values, list them, expire one early. A silence
 * needs an end (ends_at, or duration_seconds from its start) no more than 30 days ahead, so none is
 * forgotten forever.
 */
@Path("/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {
  private static final Duration MAX_LENGTH = Duration.ofDays(30);

  /** What a caller sends. */
  public record SilenceSpec(
      @JsonProperty("rule_id") Long ruleId,
      @JsonProperty("matchers") Map<String, String> matchers,
      @JsonProperty("starts_at") String startsAt,
      @JsonProperty("ends_at") String endsAt,
      @JsonProperty("duration_seconds") Long durationSeconds,
      @JsonProperty("comment") String comment,
      @JsonProperty("created_by") String createdBy) {}

  private final SilenceStore store;
  private final Clock clock;

  public SilenceResource(SilenceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(SilenceSpec spec) {
    if (spec == null) {
      throw error(400, "the body must be a silence: {\"rule_id\", \"matchers\", \"duration_seconds\", \"comment\", \"created_by\"}");
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> matchers = spec.matchers() == null ? Map.of() : spec.matchers();
    if (spec.ruleId() == null && matchers.isEmpty()) {
      problems.add("say what to silence: rule_id, matchers (dimension values), or both");
    }
    if (matchers.values().stream().anyMatch(v -> v == null)) {
      problems.add("matchers need a value for every dimension");
    }
    if (blank(spec.comment())) {
      problems.add("comment is required: why is this silenced?");
    }
    if (blank(spec.createdBy())) {
      problems.add("created_by is required");
    }
    Instant starts = spec.startsAt() == null ? clock.instant() : instant("starts_at", spec.startsAt(), problems);
    Instant ends = end(spec, starts, problems);
    if (!problems.isEmpty()) {
      throw error(400, String.join("; ", problems));
    }
    Silence silence = store.create(spec.ruleId(), matchers, starts, ends, spec.comment(), spec.createdBy());
    return Response.created(URI.create("/v1/silences/" + silence.id())).entity(silence).build();
  }

  @GET
  public Map<String, List<Silence>> list(@QueryParam("active") Boolean active) {
    Instant now = clock.instant();
    List<Silence> silences = Boolean.TRUE.equals(active)
        ? store.unexpired().stream().filter(s -> s.active(now)).toList()
        : store.all();
    return Map.of("silences", silences);
  }

  /** Expires a silence now; it stays listed with its new end. */
  @DELETE
  @Path("/{id}")
  public Silence expire(@PathParam("id") long id) {
    return store.expire(id).orElseThrow(() -> error(404, "no silence " + id));
  }

  private Instant end(SilenceSpec spec, Instant starts, List<String> problems) {
    if (starts == null) {
      return null;
    }
    Instant ends;
    if (spec.endsAt() != null && spec.durationSeconds() != null) {
      problems.add("give ends_at or duration_seconds, not both");
      return null;
    } else if (spec.durationSeconds() != null) {
      ends = spec.durationSeconds() > 0 ? starts.plusSeconds(spec.durationSeconds()) : null;
    } else if (spec.endsAt() != null) {
      ends = instant("ends_at", spec.endsAt(), problems);
      if (ends == null) {
        return null;
      }
    } else {
      problems.add("a silence needs an end: ends_at (ISO-8601) or duration_seconds");
      return null;
    }
    if (ends == null || !ends.isAfter(starts) || ends.isBefore(clock.instant())) {
      problems.add("the silence must end after it starts and in the future");
    } else if (Duration.between(starts, ends).compareTo(MAX_LENGTH) > 0) {
      problems.add("a silence lasts at most 30 days");
    }
    return ends;
  }

  private static Instant instant(String field, String text, List<String> problems) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(field + " must be an ISO-8601 instant such as 2026-11-24T18:00:00Z, got '" + text + "'");
      return null;
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
