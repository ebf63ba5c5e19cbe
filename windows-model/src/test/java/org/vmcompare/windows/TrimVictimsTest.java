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

    // 20 aging runs of 128 entries (shift 3) leave pages 0-511 at age 2 and 512-1023 at age 1:
    // the claim is 512 and pass 0 takes half of it, 256 pages of age >= 2, passing over pages
    // 0-255 (read again at 20.5 s) and taking 256-511; the working set is 768 pages after the
    // hog, and reading its first 256 pages again faults none
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(256);
    assertThat(r.views().get("after-hog").get("vmmap/100"))
        .containsPattern("Total +4,116 K +4,116 K +4,116 K +3,072 K");
    assertThat(metric(r, "editor", "page_fault_count")).isEqualTo(1024);
    assertThat(r.counter("windows.faults.soft")).isZero();
  }
}
