package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.MacosRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The what-if of sources/000_aa5dd98641f80983.txt (SEMANTICS.md, macOS; issue 10 item 4): with
 * {@code aliasing: exclusive-handoff} only one process maps a page of a shared file at a time, so
 * two processes taking turns fault on every turn; XNU ({@code aliasing: xnu}) maps it in both.
 */
final class AliasingHandoffTest {
  @Test
  void takingTurns_faultsOnEveryTurn_onlyUnderTheHandoff_andCostsTime() {
    List<RunResult> runs = MacosRuns.scenario("aliasing-handoff.yaml");
    RunResult xnu = runs.get(0);
    RunResult handoff = runs.get(1);
    assertThat(xnu.label()).isEqualTo("xnu");
    assertThat(handoff.label()).isEqualTo("exclusive-handoff");

    // XNU: each process faults once a page (4 pages, read from the file once), then hits
    assertThat(xnu.counter("macos.faults")).isEqualTo(8);
    assertThat(xnu.counter("faults.major")).isEqualTo(4);
    assertThat(xnu.counter("macos.handoffs")).isZero();
    assertThat(process(xnu, "pong").minorFaults()).isEqualTo(4);
    // the hand-off: every one of the 400 references after the first four takes the page from the
    // other process (a fault and a shootdown each)
    assertThat(handoff.counter("macos.faults")).isEqualTo(400);
    assertThat(handoff.counter("macos.handoffs")).isEqualTo(396);
    assertThat(handoff.counter("tlb.shootdowns")).isEqualTo(396);
    assertThat(handoff.counter("faults.major")).isEqualTo(4);
    assertThat(handoff.simulatedNs()).isGreaterThan(xnu.simulatedNs());
  }

  @Test
  void theHandoff_leavesPosixSharedMemoryAlone_itIsTrueShared() {
    String yaml =
        """
        name: shm-turns
        machine: {ram: 16MiB, swap: 0}
        systems:
          - {os: macos, options: {aliasing: exclusive-handoff}}
        processes:
          - name: ping
            steps:
              - share: {name: s, shared: board, size: 2pages}
              - repeat: {times: 5, steps: [{touch: {region: s, writes: 1}}, {sleep: 10us}]}
          - name: pong
            start: 5us
            steps:
              - share: {name: s, shared: board}
              - repeat: {times: 5, steps: [{touch: {region: s}}, {sleep: 10us}]}
        """;
    RunResult r = MacosRuns.yaml(yaml).get(0);

    assertThat(r.counter("macos.handoffs")).isZero();
    assertThat(r.counter("macos.faults")).isEqualTo(4);
  }
}
