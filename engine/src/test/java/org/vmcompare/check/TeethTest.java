package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * The check has teeth: each fault the textbook baseline can plant is caught, as the invariant it
 * breaks, and shrunk to a repro of at most ten steps.
 */
final class TeethTest {
  @ParameterizedTest
  @CsvSource({
    "stale-tlb-on-unmap,    TLB_COHERENCE",
    "lose-page-on-swap-in,  DATA_INTEGRITY",
    "forget-dirty-on-evict, DATA_INTEGRITY",
    "miscount-free-list,    FRAME_CONSERVATION",
    "miscount-major-faults, ACCOUNTING",
    "leak-on-exit,          FRAME_CONSERVATION",
    "opt-evicts-wrong-page, STACK_PROPERTY",
  })
  void plantedFault_check_catchesItAndShrinksToTenStepsAtMost(String fault, Invariant broken) {
    long start = System.nanoTime();
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(
                CheckOptions.of(200, 7).withSystems(List.of("textbook")).withFaults(List.of(fault)),
                n -> {});
    System.out.println(
        fault
            + ": caught after "
            + report.tries()
            + " tries, "
            + (System.nanoTime() - start) / 1_000_000
            + " ms\n"
            + (report.repro() == null ? "" : report.repro().yaml()));

    assertThat(report.violation()).as(fault).isNotNull();
    assertThat(report.violation().invariant()).isEqualTo(broken);
    assertThat(report.repro()).isNotNull();
    assertThat(report.repro().steps()).isLessThanOrEqualTo(10);
    assertThat(report.repro().yaml())
        .startsWith("# vmcompare check: " + broken.title() + " broken");
  }

  @Test
  void shrinking_reportsEveryCandidate_withTheStepsOfTheSmallestFailureSoFar() {
    List<int[]> heard = new ArrayList<>();
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(
                CheckOptions.of(200, 7)
                    .withSystems(List.of("textbook"))
                    .withFaults(List.of("lose-page-on-swap-in")),
                n -> {},
                (candidates, steps) -> heard.add(new int[] {candidates, steps}));

    assertThat(report.repro()).isNotNull();
    assertThat(heard).isNotEmpty();
    for (int i = 0; i < heard.size(); i++) {
      assertThat(heard.get(i)[0]).as("candidate count").isEqualTo(i + 1);
      if (i > 0) {
        assertThat(heard.get(i)[1]).as("steps never grow").isLessThanOrEqualTo(heard.get(i - 1)[1]);
      }
    }
    assertThat(heard.get(0)[1]).isLessThanOrEqualTo(report.repro().originalSteps());
    assertThat(heard.get(heard.size() - 1)[1]).isEqualTo(report.repro().steps());
  }

  @ParameterizedTest
  @CsvSource({"stale-tlb-on-unmap", "lose-page-on-swap-in", "miscount-free-list"})
  void printedRepro_loadedByTheRealLoader_failsTheSameWayAtTheSameStep(String fault) {
    OsRegistry registry = OsRegistry.load();
    Checker checker = new Checker(registry);
    Repro repro =
        checker
            .run(
                CheckOptions.of(200, 7).withSystems(List.of("textbook")).withFaults(List.of(fault)),
                n -> {})
            .repro();

    LoadedExperiment loaded = new ExperimentLoader(registry).load("repro.yaml", null, repro.yaml());
    CheckReport replayed = checker.replay(loaded, List.of(fault));
    CheckReport clean = checker.replay(loaded, List.of());

    assertThat(replayed.violation()).isEqualTo(repro.violation());
    assertThat(clean.violation()).as("without the planted fault").isNull();
  }
}
