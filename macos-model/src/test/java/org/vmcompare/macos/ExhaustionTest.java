package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;

/**
 * Running out of free pages (issue 10's first increment): the page queues, the pageout daemon and
 * the compressor that would make room are not built yet, so the run ends with one message that says
 * so and how much RAM the experiment would need, never with a made-up result.
 */
final class ExhaustionTest {
  @Test
  void noFreePage_endsTheRun_sayingReclaimIsNotBuilt_andWhatRamWouldDo() {
    String yaml =
        """
        name: too-big
        machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
        systems: [macos]
        processes:
          - name: hog
            steps:
              - allocate: {name: big, size: 12MiB}
              - touch: {region: big, writes: 1}
        """;

    RunResult r = MacosRuns.unchecked(yaml).get(0);

    assertThat(r.status()).isEqualTo(RunStatus.UNSUPPORTED);
    assertThat(r.error())
        .startsWith("no free page for hog[100] (big)")
        .contains("all 7MiB of usable memory is resident")
        .contains("reclaim (page queues, the pageout daemon, the compressor and")
        .contains("is not built yet")
        .contains("needs more than machine.ram = 8MiB")
        .contains("the live processes map 12MiB in all")
        .contains("a machine.ram of 13MiB or more");
  }

  @Test
  void theSameHog_withRoomEnough_runs() {
    String yaml =
        """
        name: fits
        machine: {ram: 16MiB, kernel: 1MiB, swap: 0}
        systems: [macos]
        processes:
          - name: hog
            steps:
              - allocate: {name: big, size: 12MiB}
              - touch: {region: big, writes: 1}
        """;

    assertThat(MacosRuns.yaml(yaml).get(0).counter("zero.fills")).isEqualTo(3072);
  }
}
