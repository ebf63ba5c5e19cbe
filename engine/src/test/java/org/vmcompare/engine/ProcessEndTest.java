package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/** How a process ends is decided by what ended it, never read back from the reason's wording. */
final class ProcessEndTest {
  private static RunResult run(String yaml) {
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load("t.yaml", null, yaml);
    List<RunResult> results =
        new ExperimentRunner(1).run(exp, ExperimentRunner.plan(exp, List.of(1L)), n -> {});
    return results.get(0);
  }

  @Test
  void writeToReadOnlyMemory_killsTheProcess_andTheRunStillEndsOk() {
    RunResult r =
        run(
            """
            name: segv
            machine: {ram: 8MiB}
            systems: [{os: textbook, options: {policy: FIFO, frames: 16}}]
            processes:
              - name: reader
                steps:
                  - allocate: {name: ro, size: 4pages, protection: r}
                  - touch: {region: ro, count: 4}
                  - touch: {region: ro, count: 1, writes: 1}
                  - exit
              - name: bystander
                steps:
                  - allocate: {name: m, size: 4pages}
                  - touch: {region: m, passes: 1}
            """);

    assertThat(r.status()).isEqualTo(RunStatus.OK);
    assertThat(r.processes())
        .extracting(ProcessSummary::name, ProcessSummary::state)
        .containsExactly(tuple("reader", "killed"), tuple("bystander", "exited"));
    assertThat(r.processes().get(0).endReason()).startsWith("segmentation fault: write at 0x");
    assertThat(r.processes().get(1).endReason()).isEqualTo("exit (end of steps)");
  }

  @Test
  void exitStep_endsTheProcessAsExited() {
    RunResult r =
        run(
            """
            name: exit
            machine: {ram: 8MiB}
            systems: [{os: textbook, options: {policy: LRU, frames: 16}}]
            processes:
              - name: p
                steps:
                  - allocate: {name: m, size: 2pages}
                  - exit
            """);

    assertThat(r.status()).isEqualTo(RunStatus.OK);
    assertThat(r.status().id()).isEqualTo("ok");
    assertThat(r.processes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.state()).isEqualTo("exited");
              assertThat(p.endReason()).isEqualTo("exit");
            });
  }
}
