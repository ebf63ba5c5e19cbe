package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Which entries a trim takes: the WRK's MiTrimWorkingSet (base/ntos/mm/wslist.c) walks from
 * NextSlot and removes an entry only when its age is at least the pass's trim age and its PTE's
 * accessed bit is clear, so a page referenced since its last aging stays. Scenario: {@code
 * trim-skips-accessed.yaml}.
 */
final class TrimVictimsTest {
  @Test
  void trim_passesOverPagesReferencedSinceTheirLastAging() {
    RunResult r = WindowsRuns.scenario("trim-skips-accessed.yaml").get(0);

    // 314 pages trimmed, every one from the 768 the editor did not read again: its working set is
    // 710 pages after the hog, and reading its first 256 pages again faults none
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(314);
    assertThat(r.views().get("after-hog").get("vmmap/100"))
        .containsPattern("Total +4,116 K +4,116 K +4,116 K +2,840 K");
    assertThat(metric(r, "editor", "page_fault_count")).isEqualTo(1024);
    assertThat(r.counter("windows.faults.soft")).isZero();
  }
}
