package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.check.CheckOptions;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.check.Generator;
import org.vmcompare.check.Invariant;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.yaml.YamlWriter;

/**
 * {@code vmcompare check} on the Linux model (docs/check.md): a fixed budget of random experiments
 * holds every invariant (60 tries in {@code mvn verify}, the {@code vmcompare.check.tries} property
 * under {@code -Pdeep}: 3,000), and each bug the model can plant ({@link LinuxFaults}) is caught as
 * the invariant it breaks and shrunk to at most ten steps.
 */
final class LinuxCheckTest {
  private static final int TRIES = Integer.getInteger("vmcompare.check.tries", 60);

  @Test
  void linux_fixedBudget_holdsEveryInvariant() {
    long start = System.nanoTime();
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(CheckOptions.of(TRIES, 1).withSystems(List.of("linux")), n -> {});
    System.out.printf(
        "check linux: %d tries, %d runs in %d ms%n",
        report.tries(), report.runs(), (System.nanoTime() - start) / 1_000_000);
    report.summary().forEach(System.out::println);

    assertThat(report.violation()).as(report.repro() == null ? "" : report.repro().yaml()).isNull();
    assertThat(report.tries()).isEqualTo(TRIES);
    assertThat(report.checked().get(Invariant.NO_PRESSURE_AGREEMENT)).containsKey("linux");
  }

  @ParameterizedTest
  @CsvSource({
    "forget-cow-copy,      DATA_INTEGRITY",
    "lose-page-on-swap-in, DATA_INTEGRITY",
    "miscount-lru-list,    FRAME_CONSERVATION",
    "stale-tlb-on-munmap,  TLB_COHERENCE",
  })
  void plantedFault_check_catchesItAndShrinksToTenStepsAtMost(String fault, Invariant broken) {
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(
                CheckOptions.of(200, 7).withSystems(List.of("linux")).withFaults(List.of(fault)),
                n -> {});
    System.out.println(
        fault
            + ": caught after "
            + report.tries()
            + " tries\n"
            + (report.repro() == null ? "" : report.repro().yaml()));

    assertThat(report.violation()).as(fault).isNotNull();
    assertThat(report.violation().invariant()).isEqualTo(broken);
    assertThat(report.repro().steps()).isLessThanOrEqualTo(10);
  }

  @Test
  void generator_linux_picksEveryOvercommitModeAndFaultAroundSize_andTheYamlPrintsIt() {
    OsRegistry registry = OsRegistry.load();
    Checker checker = new Checker(registry);
    Generator generator = new Generator(checker.systems(List.of("linux")));
    Map<String, Integer> modes = new TreeMap<>();
    Map<String, Integer> faultAround = new TreeMap<>();
    for (long seed = 0; seed < 300; seed++) {
      Experiment e = generator.generate(seed);
      String yaml = YamlWriter.write(e);
      LoadedExperiment loaded = new ExperimentLoader(registry).load("g.yaml", null, yaml);
      String mode = loaded.variants().get(0).options().string("overcommitMemory");
      modes.merge(mode, 1, Integer::sum);
      faultAround.merge(
          loaded.variants().get(0).options().string("faultAroundBytes"), 1, Integer::sum);
      if (mode.equals("2")) {
        assertThat(yaml).contains("overcommitMemory: 2");
      }
    }

    assertThat(modes.keySet()).containsExactly("0", "1", "2");
    // the default (0) also stands for every experiment with room to spare, which keeps defaults
    assertThat(modes.get("2")).isGreaterThan(50);
    // a size varies too: none (0 or one page), half and four times the 64 KiB default
    assertThat(faultAround.keySet()).contains("0", "1pages", "32KiB", "64KiB", "256KiB");
  }

  @Test
  void faults_offered_areTheOnesTheModelPlants() {
    assertThat(new LinuxModuleProvider().faultInjections())
        .extracting(s -> s.name())
        .containsExactly(
            "forget-cow-copy", "lose-page-on-swap-in", "miscount-lru-list", "stale-tlb-on-munmap");
  }
}
