package dev.pulse.flink.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The schema registry (Confluent-compatible API) that events.raw's writer schemas are read from. */
public record RegistrySettings(@JsonProperty(value = "url", required = true) String url) {}
