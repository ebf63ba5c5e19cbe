package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmcompare.check.CheckOptions;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.check.Generator;
import org.vmcompare.check.Invariant;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.Step;
import org.vmcompare.yaml.YamlWriter;

/**
 * {@code vmcompare check --systems macos}: random experiments in checked mode hold every invariant,
 * the page queues' audit included (docs/check.md), with the options the provider pins for the check
 * (killOnNoPagingSpace, as nobody answers the "out of application memory" dialog). {@code
 * -Dvmcompare.check.tries=N} runs more ({@code mvn verify -Pdeep}).
 */
final class MacosCheckTest {
  @Test
  void randomExperiments_holdEveryInvariant() {
    int tries = Integer.getInteger("vmcompare.check.tries", 60);
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(CheckOptions.of(tries, 42).withSystems(List.of("macos")), n -> {});

    assertThat(report.violation())
        .as(() -> report.repro() == null ? "" : report.repro().toString())
        .isNull();
    assertThat(report.tries()).isEqualTo(tries);
  }

  @Test
  void generator_forMacos_makesUpEveryNativeCallAndPurgeableMemory() {
    Generator gen = new Generator(List.of(new MacosModuleProvider()));
    Set<String> calls = new TreeSet<>();
    int purgeable = 0;
    for (long seed = 0; seed < 300; seed++) {
      List<Step> steps = new ArrayList<>();
      gen.generate(seed).processes().forEach(p -> flatten(p.steps(), steps));
      for (Step s : steps) {
        if (s instanceof Step.Native n) {
          assertThat(n.os()).isEqualTo("macos");
          assertThat(n.others()).isEqualTo(Step.Native.Others.SKIP);
          calls.add(n.call() + " " + n.args().getOrDefault("advice", n.args().get("flags")));
        } else if (s instanceof Step.Allocate a && a.purgeable()) {
          purgeable++;
        }
      }
    }

    assertThat(calls)
        .contains("mach_vm_protect null", "madvise MADV_FREE_REUSABLE", "madvise MADV_FREE_REUSE");
    assertThat(calls.stream().filter(c -> c.startsWith("msync "))).hasSizeGreaterThanOrEqualTo(3);
    assertThat(purgeable).isGreaterThan(20);
  }

  @Test
  void generator_forMacos_optsProcessesInToIdleExit_andSomeAreAskedToExit() {
    Generator gen = new Generator(new Checker(OsRegistry.load()).systems(List.of("macos")));
    int optedIn = 0;
    long exits = 0;
    for (long seed = 0; seed < 400 && exits == 0; seed++) {
      Experiment e = gen.generate(seed);
      if (e.processes().stream().noneMatch(p -> "true".equals(p.options().get("idleExit")))) {
        continue;
      }
      optedIn++;
      LoadedExperiment loaded =
          new ExperimentLoader(OsRegistry.load())
              .load(e.name() + ".yaml", null, YamlWriter.write(e));
      for (RunPlan plan : ExperimentRunner.plan(loaded, List.of(1L))) {
        exits += ExperimentRunner.runOne(loaded, plan).counter("macos.idle.exits");
      }
    }

    assertThat(optedIn).isPositive();
    assertThat(exits).as("an opted-in process asked to exit while it sleeps").isPositive();
  }

  private static void flatten(List<Step> steps, List<Step> out) {
    for (Step s : steps) {
      out.add(s);
      if (s instanceof Step.Fork f) {
        flatten(f.steps(), out);
      }
    }
  }

  @Test
  void checkOptions_areThoseTheGeneratorWritesIntoEveryExperiment() {
    MacosModuleProvider p = new MacosModuleProvider();

    assertThat(p.checkOptions())
        .containsEntry("killOnNoPagingSpace", "true")
        .containsEntry("scaleToMachine", "true");
    assertThat(p.whyNotCheckable()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"decompress-to-zero", "cow-writes-backing-page"})
  void plantedFault_isCaught_andShrunk(String fault) {
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(
                CheckOptions.of(300, 7).withSystems(List.of("macos")).withFaults(List.of(fault)),
                n -> {});

    assertThat(report.violation()).isNotNull();
    assertThat(report.violation().invariant()).isEqualTo(Invariant.DATA_INTEGRITY);
    assertThat(report.repro().steps()).isLessThanOrEqualTo(10);
  }
}
