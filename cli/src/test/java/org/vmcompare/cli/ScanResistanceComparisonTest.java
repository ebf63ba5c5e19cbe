package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * Issue 8, item 2, across models (only this module has both): a hot working set stays resident on
 * Linux while another process streams once through a file larger than RAM, and the textbook LRU
 * baseline on the same working set against a one-pass scan loses it. The hot set's faults under
 * both are the figures docs/models/linux.md quotes.
 */
final class ScanResistanceComparisonTest {
  private static final Path SCENARIOS = Path.of("../configs/scenarios/linux");

  private static ProcessSummary hot(String scenario) {
    LoadedExperiment exp =
        new ExperimentLoader(OsRegistry.load()).load(SCENARIOS.resolve(scenario));
    RunPlan plan = ExperimentRunner.plan(exp, List.of(42L)).get(0);
    RunResult r = ExperimentRunner.runOne(exp, plan);
    assertThat(r.ok()).as(r.error()).isTrue();
    return r.processes().stream().filter(p -> p.name().equals("hot")).findFirst().orElseThrow();
  }

  @Test
  void linuxKeepsTheHotSet_theTextbookLruLosesIt() {
    ProcessSummary linux = hot("lru2-scan-resistance.yaml");
    ProcessSummary textbook = hot("lru2-scan-resistance-textbook.yaml");

    assertThat(linux.minorFaults()).as("linux: first touches only").isEqualTo(8192);
    assertThat(linux.majorFaults()).as("linux: nothing of the hot set reclaimed").isZero();
    assertThat(textbook.minorFaults()).isEqualTo(8192);
    assertThat(textbook.majorFaults())
        .as("textbook LRU: the scan evicts the hot set")
        .isEqualTo(10675);
  }
}
