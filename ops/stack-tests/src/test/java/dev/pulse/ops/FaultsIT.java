package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fault suite at CI's size, on a cluster topology of its own (so not with StackExtension's
 * single-node stack, which the build stops before this runs: see the pom's failsafe executions).
 * The report lands in target/faults-report.md.
 */
@EnabledIfSystemProperty(named = "faults.suite", matches = "true")
class FaultsIT {

  @Test
  void killingEachPartLosesNothingAndCountsNothingTwice() throws Exception {
    LocalStack stack = new LocalStack(
        LocalStack.fromEnvironment().repo(), Path.of("target/stack-cluster").toAbsolutePath(), 20000);
    Path report = Path.of("target/faults-report.md");

    FaultSuite.Outcome outcome = FaultSuite.startAndRun(stack, FaultSuite.Settings.ci(), report);

    assertThat(outcome.rows()).extracting(FaultSuite.Row::fault)
        .containsExactlyElementsOf(FaultSuite.Settings.ci().faults());
    assertThat(outcome.rows()).as(Files.readString(report)).allSatisfy(row -> {
      assertThat(row.acceptedInAll()).as(row.fault() + ": accepted").isPositive();
      assertThat(row.lost()).as(row.fault() + ": lost").isZero();
      assertThat(row.countedTwice()).as(row.fault() + ": counted twice").isZero();
      assertThat(row.answers().keySet()).as(row.fault() + ": HTTP answers")
          .allMatch(answer -> answer.equals("200") || answer.endsWith("+ Retry-After") || answer.startsWith("no answer"));
    });
    assertThat(outcome.acceptedInAll()).isPositive();
    assertThat(outcome.missingFromArchive()).as("acknowledged events missing from the archive").isZero();
    assertThat(outcome.pagesAtEnd()).as("pages per fault's breach").allSatisfy((fault, pages) ->
        assertThat(pages).as(fault).isEqualTo(1));
    assertThat(outcome.rows()).filteredOn(row -> row.fault().equals("kafka-leader"))
        .as("while one broker is down, ingestion goes on without errors")
        .allSatisfy(row -> assertThat(row.answers()).containsOnlyKeys("200"));
  }
}
