package dev.pulse.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/** Where the schema registry is, and how long this service trusts its answers. */
public class RegistryFactory {
  @NotEmpty private String url = "http://127.0.0.1:8082";
  @NotNull private Duration schemaCacheTtl = Duration.seconds(30);

  @JsonProperty
  public String getUrl() {
    return url;
  }

  @JsonProperty
  public void setUrl(String url) {
    this.url = url;
  }

  @JsonProperty
  public Duration getSchemaCacheTtl() {
    return schemaCacheTtl;
  }

  @JsonProperty
  public void setSchemaCacheTtl(Duration schemaCacheTtl) {
    this.schemaCacheTtl = schemaCacheTtl;
  }

  /** Apicurio's own API, which its serdes use. */
  public String apiV3Url() {
    return base() + "/apis/registry/v3";
  }

  public SchemaRegistryClient buildClient() {
    return new SchemaRegistryClient(URI.create(base() + "/apis/ccompat/v7/"));
  }

  public EventSchemaCache buildSchemaCache(SchemaRegistryClient client) {
    return new EventSchemaCache(client, java.time.Duration.ofMillis(schemaCacheTtl.toMilliseconds()));
  }

  private String base() {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
