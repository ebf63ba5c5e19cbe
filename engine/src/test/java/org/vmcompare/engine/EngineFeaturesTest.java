package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SweepPoint;
import org.vmcompare.workload.SystemVariant;

/** Engine features driven through real YAML: fork, relaunch, snapshots, sampling, repeat, sweep. */
final class EngineFeaturesTest {
  private static LoadedExperiment load(String yaml) {
    return new ExperimentLoader(OsRegistry.load()).withoutSupportCheck().load("t.yaml", null, yaml);
  }

  /** Runs every point on the toy personality. */
  private static List<RunResult> onToy(LoadedExperiment exp) {
    TestProvider toy = ToyPersonality.provider();
    SystemVariant v =
        new SystemVariant("toy", "toy", SystemOptions.of("toy", List.of(), Map.of()), toy);
    List<SweepPoint> points =
        exp.points().stream()
            .map(p -> new SweepPoint(p.values(), p.experiment(), List.of(v), p.spec()))
            .toList();
    LoadedExperiment onToy = new LoadedExperiment(exp.file(), null, points);
    return new ExperimentRunner(1).run(onToy, ExperimentRunner.plan(onToy, List.of(1L)), n -> {});
  }

  @Test
  void fork_childRunsItsOwnSteps_thenBothExit() {
    RunResult r =
        onToy(
                load(
                    """
            name: f
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: redis
                steps:
                  - allocate: {name: data, size: 16pages}
                  - touch: {region: data, passes: 1, writes: 1}
                  - fork:
                      name: bgsave
                      steps:
                        - touch: {region: data, passes: 2}
                  - touch: {region: data, count: 5}
            """))
            .get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.processes()).extracting(ProcessSummary::name).containsExactly("redis", "bgsave");
    assertThat(r.processes()).extracting(ProcessSummary::state).containsOnly("exited");
    assertThat(r.counter("references")).isEqualTo(16 + 32 + 5);
    assertThat(r.processes().get(1).minorFaults()).isEqualTo(16);
  }

  @Test
  void processOptions_reachTheProcOfTheRun_withDefaults_andAForkChildInheritsThem() {
    LoadedExperiment exp =
        new ExperimentLoader(OsRegistry.load())
            .load(
                "knobs.yaml",
                null,
                """
                name: knobs
                machine: {ram: 8MiB}
                systems: [toy]
                processes:
                  - name: other
                    steps: [{sleep: 1ms}]
                  - name: redis
                    oomScoreAdj: -1000
                    jetsamBand: background
                    steps:
                      - allocate: {name: data, size: 4pages}
                      - fork:
                          name: bgsave
                          steps: [{sleep: 1ms}]
                      - snapshot: forked
                """);

    RunResult r =
        new ExperimentRunner(1).run(exp, ExperimentRunner.plan(exp, List.of(1L)), n -> {}).get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    String windows =
        "workingSetMin=50pages, workingSetMax=345pages, hardWorkingSetMax=false,"
            + " hardWorkingSetMin=false, foreground=false";
    String defaults = "nice=0, oomScoreAdj=0, memoryPriority=5, " + windows;
    String redis =
        "nice=0, oomScoreAdj=-1000, memoryPriority=5, "
            + windows
            + ", jetsamBand=background, idleExit=false";
    assertThat(r.views().get("forked").get("options").lines())
        .containsExactly(
            "other {" + defaults + ", jetsamBand=100, idleExit=false}",
            "redis {" + redis + "}",
            "bgsave {" + redis + "}");
  }

  @Test
  void after_relaunchStartsWhenTheFirstRunHasExited() {
    RunResult r =
        onToy(
                load(
                    """
            name: relaunch
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: second
                after: first
                steps:
                  - allocate: {name: m, size: 4pages}
                  - touch: {region: m}
              - name: first
                steps:
                  - allocate: {name: m, size: 4pages}
                  - sleep: 1ms
                  - touch: {region: m}
            """))
            .get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.processes()).extracting(ProcessSummary::name).containsExactly("first", "second");
    assertThat(r.simulatedNs()).isGreaterThan(1_000_000);
  }

  @Test
  void startTime_delaysTheProcess() {
    RunResult r =
        onToy(
                load(
                    """
            name: start
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: late
                start: 5ms
                steps: [exit]
            """))
            .get(0);

    assertThat(r.simulatedNs()).isEqualTo(5_000_000);
  }

  @Test
  void snapshotsAndSampling_areRecordedInOrder() {
    RunResult r =
        onToy(
                load(
                    """
            name: views
            machine: {ram: 8MiB}
            systems: [textbook]
            sampling: {interval: 1us}
            processes:
              - name: a
                steps:
                  - snapshot: start
                  - allocate: {name: m, size: 64pages}
                  - touch: {region: m, passes: 10}
                  - snapshot: end
                  - snapshot: end
            """))
            .get(0);

    assertThat(r.views()).containsOnlyKeys("start", "end", "end#2");
    assertThat(r.views().get("start").get("procs")).contains("a");
    List<Long> times = r.timeSeries().get("timeNs");
    assertThat(times).hasSizeGreaterThan(2).isSorted().startsWith(0L);
    assertThat(r.timeSeries().get("memory.used.pages")).isSorted().endsWith(64L);
  }

  @Test
  void compressibility_isCarriedInWrittenTokens() {
    RunResult r =
        onToy(
                load(
                    """
            name: c
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: a
                steps:
                  - allocate: {name: m, size: 8pages}
                  - touch: {region: m, writes: 1, compressibility: 0.9}
                  - snapshot: s
            """))
            .get(0);

    assertThat(r.views().get("s").get("compress")).isEqualTo("[230]");
  }

  @Test
  void repeat_runsTheBlockTimesOver() {
    RunResult r =
        onToy(
                load(
                    """
            name: repeat
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: a
                steps:
                  - allocate: {name: m, size: 8pages}
                  - repeat:
                      times: 3
                      steps:
                        - touch: {region: m, count: 10}
                        - repeat: {times: 2, steps: [{touch: {region: m, count: 1}}]}
            """))
            .get(0);

    assertThat(r.counter("references")).isEqualTo(3 * (10 + 2));
  }

  @Test
  void sweep_oneRunPerPoint_withItsOwnMachine() {
    List<RunResult> rs =
        onToy(
            load(
                """
            name: sweep
            machine: {ram: 8MiB}
            systems: [textbook]
            sweep:
              machine.ram: 8MiB..32MiB x2
            processes:
              - name: a
                steps: [exit]
            """));

    assertThat(rs)
        .extracting(r -> r.point().get("machine.ram"))
        .containsExactly("8MiB", "16MiB", "32MiB");
  }

  @Test
  void unsupportedStep_isNamedWithItsSystem() {
    LoadedExperiment exp =
        load(
            """
        name: u
        systems: [textbook]
        processes:
          - name: a
            steps:
              - allocate: {name: m, size: 8pages}
              - release: {region: m}
        """);

    assertThat(ExperimentLoader.unsupported(exp.experiment(), ToyPersonality.provider()))
        .contains("unsupported on toy: release");
  }
}
