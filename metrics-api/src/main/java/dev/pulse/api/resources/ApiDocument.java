package dev.pulse.api.resources;

import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Set;

/**
 * The OpenAPI document at {@code /openapi.json} (and {@code .yaml}), generated from this package's
 * JAX-RS resources when first asked for, so it describes exactly the endpoints that are served.
 */
public final class ApiDocument {
  private static final String BEARER = "bearer";

  private ApiDocument() {}

  public static OpenApiResource resource(String version) {
    OpenAPI api = new OpenAPI()
        .info(new Info()
            .title("Pulse metrics API")
            .version(version)
            .description("Ingest events; read pre-aggregated metrics, tenant-scoped with read tokens."))
        .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description("An API key (producer or admin) or a read token from POST /v1/tokens.")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
    SwaggerConfiguration configuration = new SwaggerConfiguration()
        .openAPI(api)
        .prettyPrint(true)
        .resourcePackages(Set.of(ApiDocument.class.getPackageName()));
    OpenApiResource resource = new OpenApiResource();
    resource.setOpenApiConfiguration(configuration);
    return resource;
  }
}
