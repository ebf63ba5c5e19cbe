package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Standby churn, the WRK's TrimAllPasses (MiComputeSystemTrimCriteria in base/ntos/mm/wsmanage.c):
 * when the Standby pages reused since the working set manager's last run reach a quarter of what is
 * available, it trims, and its first pass takes half the claim of every background working set even
 * though enough memory is available. Scenario: {@code standby-churn.yaml}.
 */
final class StandbyChurnTest {
  @Test
  void backupStreamingThroughStandby_trimsTheIdleEditorsColdPages_withMemoryAvailable() {
    RunResult r = WindowsRuns.scenario("standby-churn.yaml").get(0);

    // the editor's 4,000 pages are untouched while the backup streams 32,768 file pages through
    // a 2,048-page cache working set, so 22,432 Standby pages are reused
    assertThat(r.views().get("idle").get("taskmgr")).containsPattern("In use +16,000 K");
    assertThat(r.counter("windows.standby.repurposed")).isEqualTo(22_432);
    // available never comes near MmPlentyFreePages (800) or the trim goal (1,200) ...
    assertThat(Collections.min(r.timeSeries().get("windows.available"))).isEqualTo(8_272);
    // ... yet the run after the churn trims: the editor's claim has grown by 30 pages a run since
    // its estimate's samples first found pages aged twice (at 9 s), to 390 at 21 s, and pass 0
    // takes half of it, 195 pages of age 2 (dirty: through Modified and the pagefile to Standby)
    assertThat(r.views().get("after-backup").get("taskmgr"))
        .containsPattern("In use +15,220 K")
        .containsPattern("Available +41,344 K");
  }
}
