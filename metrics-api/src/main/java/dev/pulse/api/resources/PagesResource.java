package dev.pulse.api.resources;


import dev.pulse.api.auth.ReadToken;
import dev.pulse.api.auth.TokenSigner;
import dev.pulse.api.catalog.CatalogProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The browser pages: the operators' dashboard at {@code /}, and {@code /embed/{metric}?token=} for
 * customers' iframes. The pages read the API themselves; an embed is refused here first when its
 * token would be, so a customer sees a clear message instead of an empty chart.
 */
@Path("/")
public class PagesResource {
  private record Asset(String resource, String type) {}

  private static final String JS = "application/javascript; charset=utf-8";
  private static final String CSS = "text/css; charset=utf-8";
  // The charts' library comes from its WebJar inside this jar: a customer's page never calls a CDN.
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist/";
  private static final Map<String, Asset> ASSETS = Map.of(
      "pulse.js", new Asset("/ui/pulse.js", JS),
      "pulse.css", new Asset("/ui/pulse.css", CSS),
      "uPlot.min.js", new Asset(UPLOT + "uPlot.iife.min.js", JS),
      "uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", CSS));
  // The pages and their scripts change only with a release.
  private static final CacheControl ASSET_CACHE = CacheControl.valueOf("max-age=300");

  private final TokenSigner tokens;
  private final CatalogProvider catalog;
  private final URI operatorView;

  public PagesResource(TokenSigner tokens, CatalogProvider catalog, URI operatorView) {
    this.tokens = tokens;
    this.catalog = catalog;
    this.operatorView = operatorView;
  }

  /** The pipeline's health, served by Prometheus: wherever the deployment runs it. */
  @GET
  @Path("operators")
  public Response operators() {
    return Response.seeOther(operatorView).build();
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response dashboard() {
    return page("dashboard.html", Response.Status.OK);
  }

  @GET
  @Path("embed/{metric}")
  @Produces(MediaType.TEXT_HTML)
  public Response embed(@PathParam("metric") String metric, @QueryParam("token") String token) {
    if (catalog.current().find(metric).isEmpty()) {
      return message(Response.Status.NOT_FOUND, "There is no metric named " + metric + ".");
    }
    Optional<ReadToken> grant = token == null ? Optional.empty() : tokens.verify(token);
    if (grant.isEmpty()) {
      return message(Response.Status.UNAUTHORIZED, "This view needs a valid, unexpired ?token=. Ask for a new link.");
    }
    if (!grant.get().mayRead(metric)) {
      return message(Response.Status.FORBIDDEN, "This link's token does not grant " + metric + ".");
    }
    return page("embed.html", Response.Status.OK);
  }

  @GET
  @Path("ui/{asset}")
  public Response asset(@PathParam("asset") String asset) {
    Asset found = ASSETS.get(asset);
    if (found == null) {
      throw new NotFoundException();
    }
    return Response.ok(read(found.resource()), found.type()).cacheControl(ASSET_CACHE).build();
  }

  private static Response page(String name, Response.Status status) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(read("/ui/" + name)).build();
  }

  private static Response message(Response.Status status, String text) {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">"
        + "<link rel=\"stylesheet\" href=\"/ui/pulse.css\"></head><body><p class=\"error\">"
        + escape(text) + "</p></body></html>";
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html).build();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The version of an npm WebJar on the classpath, from the Maven metadata every WebJar carries. */
  private static String webJarVersion(String name) {
    String metadata = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
    try (InputStream in = PagesResource.class.getResourceAsStream(metadata)) {
      if (in == null) {
        throw new IllegalStateException("the " + name + " WebJar is not on the classpath (" + metadata + ")");
      }
      java.util.Properties properties = new java.util.Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = PagesResource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new NotFoundException();
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
