package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's alert rules, each fired and kept quiet by promtool's unit tests
 * (ops/prometheus/tests), and the Alertmanager config ops/stack generates, checked by amtool.
 * No stack needed: promtool and amtool come with Debian's packages, which .ci/run installs.
 */
class PrometheusRulesTest {
  private static final Path REPO = Path.of(System.getenv().getOrDefault("PULSE_REPO", "../..")).toAbsolutePath().normalize();
  private static final Path PROMETHEUS = REPO.resolve("ops/prometheus");

  @Test
  void everyAlertRuleFiresAndStaysQuietAsItsTestsSay() throws Exception {
    Result checked = run(PROMETHEUS, "promtool", "check", "rules", "rules/pulse.yml");
    assertThat(checked.exit()).as(checked.output()).isZero();

    Result tested = run(PROMETHEUS.resolve("tests"), "promtool", "test", "rules", "pulse.test.yml");
    assertThat(tested.exit()).as(tested.output()).isZero();
    assertThat(tested.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasATestThatExpectsIt() throws IOException {
    String rules = Files.readString(PROMETHEUS.resolve("rules/pulse.yml"));
    String tests = Files.readString(PROMETHEUS.resolve("tests/pulse.test.yml"));
    List<String> alerts = rules.lines().map(String::trim).filter(line -> line.startsWith("- alert: "))
        .map(line -> line.substring("- alert: ".length())).toList();

    assertThat(alerts).hasSizeGreaterThan(10);
    for (String alert : alerts) {
      assertThat(tests).as("a test of " + alert).contains("alertname: " + alert);
    }
  }

  @Test
  void theGeneratedAlertmanagerConfigIsValid(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "t");
    String config = Files.readString(PROMETHEUS.resolve("alertmanager.yml"))
        .replace("@SCHEDULER_URL@", "http://127.0.0.1:8088")
        .replace("@SCHEDULER_TOKEN_FILE@", token.toString());
    Path file = Files.writeString(dir.resolve("alertmanager.yml"), config);

    Result checked = run(dir, "amtool", "check-config", file.toString());
    assertThat(checked.exit()).as(checked.output()).isZero();
    assertThat(checked.output()).contains("SUCCESS");
  }

  private record Result(int exit, String output) {}

  private static Result run(Path directory, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
