package dev.pulse.flink.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.text.StringSubstitutor;
import org.apache.flink.util.TimeUtils;

/**
 * Reads a job's YAML (preagg.yml, alerting.yml). {@code ${VAR:-default}} is resolved from the environment first, the same
 * convention as metrics-api's Dropwizard configuration; durations use Flink's syntax ("5 s", "2 h").
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** A job's YAML configuration as {@code type}. */
  public static <T> T load(Path file, Class<T> type) throws IOException {
    String yaml = substituteEnvironment(Files.readString(file));
    return mapper().readValue(yaml, type);
  }

  static String substituteEnvironment(String text) {
    StringSubstitutor substitutor = new StringSubstitutor(System.getenv());
    substitutor.setEnableUndefinedVariableException(true);
    substitutor.setValueDelimiter(":-");
    return substitutor.replace(text);
  }

  private static ObjectMapper mapper() {
    SimpleModule durations = new SimpleModule();
    durations.addDeserializer(
        Duration.class,
        new FromStringDeserializer<>(Duration.class) {
          @Override
          protected Duration _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext ctx) {
            return TimeUtils.parseDuration(value);
          }
        });
    return YAMLMapper.builder()
        .addModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // Options name enums as their libraries do, in lower case (Iceberg's "none", "hash").
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .build();
  }
}
