package dev.pulse.backfill.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;

/**
 * Reads backfill.yml: ${VAR:-default} from the environment, durations written as the other
 * components' YAML writes them ({@code 10 min}, {@code 2 h}, {@code 400 d}).
 */
public final class SettingsLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h|d)");

  private SettingsLoader() {}

  /** The file given, or the backfill.yml in the jar. */
  public static BackfillSettings load(Path file) throws IOException {
    String text;
    if (file != null) {
      text = Files.readString(file);
    } else {
      try (InputStream in = SettingsLoader.class.getResourceAsStream("/backfill.yml")) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return mapper().readValue(StringSubstitutor.createInterpolator().replace(envToInterpolator(text)), BackfillSettings.class);
  }

  /** ${VAR:-default} is the shell's form; commons-text reads ${env:VAR:-default}. */
  private static String envToInterpolator(String text) {
    return text.replaceAll("\\$\\{([A-Z0-9_]+)(:-)", "\\${env:$1$2").replaceAll("\\$\\{([A-Z0-9_]+)}", "\\${env:$1}");
  }

  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (write 30 s, 10 min, 2 h or 400 d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static ObjectMapper mapper() {
    SimpleModule durations = new SimpleModule();
    durations.addDeserializer(Duration.class, new FromStringDeserializer<>(Duration.class) {
      @Override
      protected Duration _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext ctxt) {
        return duration(value);
      }
    });
    return new YAMLMapper().registerModule(durations).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
