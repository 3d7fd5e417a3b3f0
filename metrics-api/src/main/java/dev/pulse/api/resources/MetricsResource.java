package dev.pulse.api.resources;

import dev.pulse.api.admission.Admission;
import dev.pulse.api.api.MetricInfo;
import dev.pulse.api.api.MetricSeries;
import dev.pulse.api.auth.ApiKey;
import dev.pulse.api.auth.Caller;
import dev.pulse.api.auth.ReadToken;
import dev.pulse.api.catalog.CatalogProvider;
import dev.pulse.api.pinot.PinotBroker.PinotUnavailableException;
import dev.pulse.api.query.AnswerCache;
import dev.pulse.api.query.MetricQuery;
import dev.pulse.api.query.QueryLimitException;
import dev.pulse.api.query.QueryLimits;
import dev.pulse.api.query.ServedFreshness;
import dev.pulse.contract.catalog.MetricDefinition;
import dev.pulse.contract.catalog.Tenants;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The metric catalog, and each metric's buckets over a time range, filtered, grouped and rolled up. */
@Path("/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ApiKey.ADMIN, ReadToken.READER})
public class MetricsResource {
  private static final CacheControl NO_CACHE = CacheControl.valueOf("private, no-cache");

  private final CatalogProvider catalog;
  private final AnswerCache reader;
  private final MetricQueryParser parser;
  private final CacheControl settledCaching;
  private final ServedFreshness freshness;

  public MetricsResource(CatalogProvider catalog, AnswerCache reader, QueryLimits limits, long cacheSettledSeconds,
      ServedFreshness freshness, Clock clock) {
    this.catalog = catalog;
    this.reader = reader;
    this.freshness = freshness;
    this.parser = new MetricQueryParser(limits, clock);
    this.settledCaching = CacheControl.valueOf("private, max-age=" + cacheSettledSeconds);
  }

  /** The metrics the caller may read. */
  @GET
  public Map<String, List<MetricInfo>> list(@Context SecurityContext security) {
    Caller caller = caller(security);
    return Map.of("metrics", catalog.current().metrics().stream()
        .filter(m -> caller.mayRead(m.name()))
        .map(MetricInfo::of)
        .toList());
  }

  /**
   * A tenant's token reads its own tenant only: the tenant is a filter of every query it makes,
   * whatever it asks for; naming another tenant is refused outright. A settled range may be cached
   * by the browser too ({@code private}: the answer is the caller's own).
   */
  @GET
  @Path("/{metric_name}")
  @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MetricSeries.class)))
  public Response read(
      @PathParam("metric_name") String metricName, @BeanParam MetricReadParams params, @Context SecurityContext security) {
    Caller caller = caller(security);
    MetricDefinition metric = metric(metricName);
    if (!caller.mayRead(metric.name())) {
      throw ApiErrors.forbidden("this token does not grant metric '" + metric.name() + "'");
    }
    MetricQuery query = parser.parse(metric, params, caller.tenantScope());
    rejectOtherTenants(query);
    try {
      MetricSeries series = reader.read(query);
      boolean settled = reader.isSettled(query);
      if (!settled) {
        freshness.served(series);
      }
      return Response.ok(series).cacheControl(settled ? settledCaching : NO_CACHE).build();
    } catch (QueryLimitException e) {
      throw ApiErrors.badRequest(e.getMessage());
    } catch (PinotUnavailableException e) {
      throw ApiErrors.unavailable("metrics store unavailable: " + e.getMessage());
    } catch (Admission.AtCapacityException e) {
      throw ApiErrors.unavailable(e.getMessage(), Admission.AtCapacityException.RETRY_AFTER_SECONDS);
    }
  }

  private static void rejectOtherTenants(MetricQuery query) {
    List<String> asked = query.filters().get(Tenants.DIMENSION.path());
    query.tenant().ifPresent(own -> {
      if (asked != null && asked.stream().anyMatch(t -> !t.equals(own))) {
        throw ApiErrors.forbidden("this token reads tenant '" + own + "' only");
      }
    });
  }

  private static Caller caller(SecurityContext security) {
    return (Caller) security.getUserPrincipal();
  }

  private MetricDefinition metric(String name) {
    return catalog.current().find(name)
        .orElseThrow(() -> ApiErrors.notFound("unknown metric '" + name + "'; GET /v1/metrics lists them"));
  }
}
