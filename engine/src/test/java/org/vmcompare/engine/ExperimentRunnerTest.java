package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.RunInfo;
import org.vmcompare.textbook.Policies;
import org.vmcompare.textbook.ReplacementPolicy;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SchedulerConfig;

final class ExperimentRunnerTest {
  static Path resource(String name) {
    try {
      return Path.of(ExperimentRunnerTest.class.getResource("/experiments/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static LoadedExperiment load(String name) {
    return new ExperimentLoader(OsRegistry.load()).load(resource(name));
  }

  static List<RunResult> runAll(LoadedExperiment exp) {
    return new ExperimentRunner(2)
        .run(exp, ExperimentRunner.plan(exp, exp.experiment().seeds()), n -> {});
  }

  static long faults(RunResult r) {
    return r.counter("faults.minor") + r.counter("faults.major");
  }

  @Test
  void beladyString_fifoAndLru_matchTheLectureCounts() {
    List<RunResult> results = runAll(load("belady.yaml"));

    assertThat(results)
        .extracting(RunResult::label)
        .containsExactly("FIFO-3", "FIFO-4", "LRU-3", "LRU-4", "CLOCK-3");
    assertThat(results).allMatch(RunResult::ok);
    assertThat(faults(results.get(0))).isEqualTo(9);
    assertThat(faults(results.get(1))).isEqualTo(10);
    assertThat(faults(results.get(2))).isEqualTo(10);
    assertThat(faults(results.get(3))).isEqualTo(8);
    assertThat(results.get(0).counter("references")).isEqualTo(12);
  }

  @Test
  void beladyString_everyMissBeyondTheFrames_evictsOnePage() {
    List<RunResult> results = runAll(load("belady.yaml"));

    for (RunResult r : results) {
      int frames = Integer.parseInt(r.label().substring(r.label().indexOf('-') + 1));
      assertThat(r.counter("evictions")).as(r.label()).isEqualTo(faults(r) - frames);
    }
  }

  @Test
  void swappingWorkload_dirtyEvictions_goToSwapAndComeBackAsMajorFaults() {
    List<RunResult> results = runAll(load("swapping.yaml"));

    assertThat(results).hasSize(4).allMatch(RunResult::ok, "ok");
    for (RunResult r : results) {
      assertThat(r.counter("swap.out")).as(r.label()).isPositive();
      assertThat(r.counter("swap.in")).as(r.label()).isPositive();
      assertThat(r.counter("faults.major")).isEqualTo(r.counter("swap.in"));
      assertThat(r.counter("references"))
          .isEqualTo(r.counter("reads") + r.counter("writes"))
          .isEqualTo(384 + 5000 + 3000 + 2000);
      assertThat(r.counter("tlb.hits") + r.counter("tlb.misses"))
          .isGreaterThanOrEqualTo(r.counter("references"));
      assertThat(r.processes()).extracting(p -> p.state()).containsOnly("exited");
      assertThat(r.simulatedNs()).isGreaterThan(1_000_000L);
    }
  }

  @Test
  void sameSeed_runTwice_identicalResults() {
    LoadedExperiment exp = load("swapping.yaml");
    List<RunResult> first = runAll(exp);
    List<RunResult> second = runAll(exp);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void differentSeeds_randomPolicy_differentResults() {
    List<RunResult> results = runAll(load("swapping.yaml"));

    RunResult seed7 = results.get(2);
    RunResult seed8 = results.get(3);
    assertThat(seed7.seed()).isEqualTo(7);
    assertThat(seed8.seed()).isEqualTo(8);
    assertThat(seed7.counters()).isNotEqualTo(seed8.counters());
  }

  @Test
  void everySystem_sameSeed_seesTheSameReferences() {
    List<RunResult> results = runAll(load("swapping.yaml"));

    RunResult lru = results.get(0);
    RunResult random = results.get(2);
    assertThat(lru.seed()).isEqualTo(random.seed());
    assertThat(lru.counter("writes")).isEqualTo(random.counter("writes"));
    assertThat(lru.counter("reads")).isEqualTo(random.counter("reads"));
    assertThat(lru.counter("faults.major")).isNotEqualTo(random.counter("faults.major"));
  }

  @Test
  void timeQuantum_switchesByElapsedSimulatedTime() {
    List<RunResult> byRefs = runAll(load("swapping.yaml"));
    List<RunResult> byTime = runAll(load("timeslice.yaml"));

    for (int i = 0; i < byRefs.size(); i++) {
      assertThat(byTime.get(i).ok()).isTrue();
      assertThat(byTime.get(i).counter("references"))
          .isEqualTo(byRefs.get(i).counter("references"));
      assertThat(byTime.get(i).counter("context.switches"))
          .isNotEqualTo(byRefs.get(i).counter("context.switches"));
    }
  }

  @Test
  void clockOnAccessedBits_evictsExactlyLikeTheSoftwareClock() throws Exception {
    Path trace =
        Path.of(ExperimentRunnerTest.class.getResource("/oracles/zipf-100k.pages").toURI());
    long[] pages =
        Files.readAllLines(trace).stream()
            .filter(l -> !l.isBlank())
            .mapToLong(Long::parseLong)
            .toArray();
    for (int frames : new int[] {64, 2048}) {
      ReplacementPolicy software = Policies.create("CLOCK", frames, 1, null);
      long misses = pages.length - software.accessAll(pages, 0, pages.length);
      LoadedExperiment exp =
          new ExperimentLoader(OsRegistry.load())
              .load(
                  "clock.yaml",
                  null,
                  """
                  name: clock
                  machine: {ram: 64MiB}
                  systems: [{os: textbook, options: {policy: CLOCK, frames: %d}}]
                  processes:
                    - name: p
                      steps: [{trace: {file: "%s", format: pages}}]
                  """
                      .formatted(frames, trace));

      RunResult r = runAll(exp).get(0);

      assertThat(r.ok()).as(r.error()).isTrue();
      assertThat(faults(r)).as("%d frames", frames).isEqualTo(misses);
      assertThat(r.simplifications()).anyMatch(s -> s.contains("accessed bits"));
    }
  }

  @Test
  void strictInjector_unboundDependency_failsAtCreation() {
    assertThatThrownBy(
            () ->
                Runs.injector(
                        new SimulationModule(
                            new RunInfo("x", "x", 1, Map.of()),
                            new Workload(
                                List.of(),
                                List.of(),
                                List.of(),
                                new SchedulerConfig(),
                                null,
                                null)))
                    .getInstance(Simulation.class))
        .hasMessageContaining("wiring a run failed");
  }
}
