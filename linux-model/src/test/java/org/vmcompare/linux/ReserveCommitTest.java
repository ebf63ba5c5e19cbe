package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/** A PROT_NONE reservation committed in parts (mprotect), as maps and Committed_AS show it. */
final class ReserveCommitTest {
  @Test
  void reservingChargesNothing_committingChargesItsPages_andSplitsTheVma() {
    RunResult r = LinuxRuns.scenario("reserve-commit.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.views().get("reserved").get("proc/meminfo"))
        .contains("Committed_AS:          0 kB\n");
    assertThat(r.views().get("committed").get("proc/meminfo"))
        .contains("Committed_AS:       8192 kB\n");
    assertThat(r.views().get("committed").get("proc/100/maps"))
        .isEqualTo(
            "1000000000-1000800000 rw-p 00000000 00:00 0 \n"
                + "1000800000-1004000000 ---p 00000000 00:00 0 \n");
    assertThat(process(r, "arena").minorFaults()).isEqualTo(2048);
    assertThat(process(r, "arena").state()).isEqualTo("killed");
    assertThat(r.counter("segfaults")).isEqualTo(1);
  }
}
