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

    // 20 aging runs of 128 entries (shift 3) leave pages 0-511 at age 2 and 512-1023 at age 1.
    // Each run's estimate samples 64 entries 16 apart and finds unused ones once the sampled
    // slots have been aged twice (from 9 s on); the claim grows by 30 a run from then, to 360 at
    // 20 s. The trim at 21 s takes half of it, 180 pages of age >= 2 from the hand (page 512,
    // round to 0), passing over pages 0-255 (read again at 20.5 s) and taking 256-435; the
    // working set is 844 pages after the hog, and reading its first 256 pages again faults none
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(180);
    assertThat(r.views().get("after-hog").get("vmmap/100"))
        .containsPattern("Total +4,116 K +4,116 K +4,116 K +3,376 K");
    assertThat(metric(r, "editor", "page_fault_count")).isEqualTo(1024);
    assertThat(r.counter("windows.faults.soft")).isZero();
  }
}
