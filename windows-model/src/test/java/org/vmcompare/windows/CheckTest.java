package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.check.CheckOptions;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.check.Generator;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.yaml.YamlWriter;

/**
 * {@code vmcompare check --systems windows}: random experiments in checked mode hold every
 * invariant, the model's frame audit included (docs/check.md). {@code -Dvmcompare.check.tries=N}
 * runs more ({@code mvn verify -Pdeep}).
 */
final class CheckTest {
  @Test
  void randomExperiments_holdEveryInvariant() {
    int tries = Integer.getInteger("vmcompare.check.tries", 60);
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(CheckOptions.of(tries, 42).withSystems(List.of("windows")), n -> {});

    assertThat(report.violation())
        .as(() -> report.repro() == null ? "" : report.repro().toString())
        .isNull();
    assertThat(report.tries()).isEqualTo(tries);
  }

  @Test
  void generator_forWindows_variesTheWorkingSetLimits_andHardMaximumsReplace() {
    Checker checker = new Checker(OsRegistry.load());
    Generator gen = new Generator(checker.systems(List.of("windows")));
    Map<String, Integer> keys = new HashMap<>();
    long replaced = 0;
    int hardRuns = 0;
    for (long seed = 0; seed < 400; seed++) {
      Experiment e = gen.generate(seed);
      boolean hard = false;
      for (ProcessConfig p : e.processes()) {
        p.options().keySet().forEach(k -> keys.merge(k, 1, Integer::sum));
        hard |= "true".equals(p.options().get("hardWorkingSetMax"));
      }
      if (hard && replaced == 0) {
        hardRuns++;
        LoadedExperiment loaded =
            new ExperimentLoader(OsRegistry.load())
                .load(e.name() + ".yaml", null, YamlWriter.write(e));
        for (RunPlan plan : ExperimentRunner.plan(loaded, List.of(1L))) {
          RunResult r = ExperimentRunner.runOne(loaded, plan);
          replaced += r.counter("windows.ws.replaced");
        }
      }
    }

    assertThat(keys)
        .containsKeys(
            "memoryPriority", "workingSetMin", "workingSetMax", "hardWorkingSetMax", "foreground")
        .doesNotContainKey("hardWorkingSetMin"); // checkFixedProcessOptions
    assertThat(hardRuns).isPositive();
    assertThat(replaced).as("a hard maximum replaces the process's own pages").isPositive();
  }

  @ParameterizedTest
  @CsvSource({
    // the audit sees the lost frame, unless a fault starved of frames ends the run first
    "lose-trimmed-page, FRAME_CONSERVATION CLEAN_RUN",
    "repurpose-without-copy, DATA_INTEGRITY",
    "offer-writes-pagefile, FRAME_CONSERVATION",
    "reclaim-keeps-lost-page, DATA_INTEGRITY",
  })
  void plantedFault_isCaught_andShrunk(String fault, String invariants) {
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(
                CheckOptions.of(300, 7).withSystems(List.of("windows")).withFaults(List.of(fault)),
                n -> {});

    assertThat(report.violation()).isNotNull();
    assertThat(report.violation().invariant().name()).isIn(List.of(invariants.split(" ")));
    assertThat(report.repro().steps()).isLessThanOrEqualTo(10);
  }
}
