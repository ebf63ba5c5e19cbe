package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/** Working sets, demand-zero and soft faults (SEMANTICS.md, Windows; issue 9 items 1-3). */
final class WorkingSetTest {
  @Test
  void emptyWorkingSet_thenTouch_isOneSoftFaultAPage_withoutIo() {
    RunResult r = WindowsRuns.scenario("empty-working-set.yaml").get(0);

    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(256);
    assertThat(r.counter("zero.fills")).isEqualTo(256);
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(256);
    assertThat(r.counter("windows.faults.soft")).isEqualTo(256);
    assertThat(r.counter("windows.faults")).isEqualTo(512);
    assertThat(r.counter("faults.minor")).isEqualTo(512);
    assertThat(r.counter("faults.major")).isZero();
    assertThat(r.counter("swap.in")).isZero();
    assertThat(metric(r, "app", "page_fault_count")).isEqualTo(512);
    assertThat(metric(r, "app", "working_set.peak")).isEqualTo(256);
    assertThat(r.views().get("touched").get("taskmgr")).contains("Committed       1,024 K");
    assertThat(r.views().get("emptied").get("rammap"))
        .containsPattern("Active +0 K")
        .containsPattern("Modified +1,024 K");
  }

  @Test
  void forkedPages_emptiedAndTouchedAgain_keepEveryWorkingSetEntryFoundByItsFrame() {
    // The audit after every step checks that each private entry is the one its frame's PFN names
    // and that the fork turned the parent's entries into section pages' entries.
    RunResult r =
        WindowsRuns.yaml(
                """
                name: forked-entries
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: parent
                    steps:
                      - allocate: {name: d, size: 64pages}
                      - touch: {region: d, writes: 1}
                      - fork:
                          name: child
                          steps:
                            - touch: {region: d, size: 16pages, writes: 1}
                            - sleep: 5ms
                      - sleep: 1ms
                      - native: {os: windows, call: EmptyWorkingSet}
                      - touch: {region: d}
                      - touch: {region: d, offset: 48pages, size: 16pages, writes: 1}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - touch: {region: d}
                """)
            .get(0);

    // 64 shared entries trimmed, then 64 again (16 of them the parent's own copies by then)
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(128);
    assertThat(r.counter("cow.copies")).isEqualTo(32);
    assertThat(r.counter("faults.major")).isZero();
    assertThat(metric(r, "parent", "working_set.peak")).isEqualTo(64);
  }

  @Test
  void workingSetMaximum_isSoft_whileMemoryIsPlentiful_andHoldsOnlyAgainstFastGrowthWhenShort() {
    RunResult r = WindowsRuns.scenario("working-set-limits.yaml").get(0);

    // 13,824 pages available, above growthCheckAvailablePages (10,000): no limit at all
    assertThat(metric(r, "roomy", "working_set.peak")).isEqualTo(512);
    // the hog leaves 1,100 available. Tight's n-th page is checked with 1,100 - n available and
    // g pages of growth since its working set's last estimate (it started after the one at 1 s,
    // so g = n - 1 at first). Its 775th finds 774 <= 30 * 325^2 / 4096 + 1 = 774 and grows; its
    // 776th finds 775 > 30 * 324^2 / 4096 + 1 = 769 and replaces. The 777th then trims first
    // (ForceTrim): half the claim, which is 0, so nothing; the aging and estimate restart g at 0.
    // From there the n-th page has g = n - 777: the 947th grows (170 <= 172) to 946 pages, the
    // 948th replaces (171 > 170), the 949th, with 151 available (under 192), trims a quarter of
    // what is above the minimum, (946 - 16) / 4 = 232 pages, then grows. Those pages were dirty:
    // they go to Modified, not to Available, so from 114 available (faultWaitAvailablePages, 128
    // scaled by 0.89) its faults wait (MiEnsureAvailablePageOrWait) until the modified page
    // writer's completions bring pages back. Its growth since that estimate stays at most 76,
    // under 30 * 114^2 / 4096 + 1 = 96, so it never grows too fast again: 714 + 76 = 790 pages
    assertThat(r.views().get("filled").get("taskmgr")).containsPattern("Available +4,400 K");
    assertThat(metric(r, "tight", "working_set.peak")).isEqualTo(946);
    assertThat(r.counter("windows.ws.replaced")).isEqualTo(2);
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(2 + 232);
    assertThat(r.counter("windows.faults.waits")).isPositive();
    assertThat(r.views().get("tight").get("vmmap/102"))
        .containsPattern("Total +4,116 K +4,116 K +4,116 K +3,160 K");
  }

  @Test
  void pressure_trimsWritesAndRepurposes_thenHardFaults_withContentsIntact() {
    RunResult r = WindowsRuns.scenario("pagefile-hard-faults.yaml").get(0);

    // the run lasts 3.6 s: the balance set manager's runs at 1, 2 and 3 s only. Faults wait
    // below 14 available (faultWaitAvailablePages, 128 scaled to this 8 MiB machine), so none
    // takes a page below 3 (wakeAvailablePages scaled), which would wake it early
    assertThat(r.counter("windows.bsm.runs")).isEqualTo(3);
    assertThat(r.counter("windows.faults.waits")).isPositive();
    assertThat(r.counter("windows.ws.trimmed")).isPositive();
    assertThat(r.counter("swap.out")).isPositive();
    assertThat(r.counter("windows.standby.repurposed")).isPositive();
    assertThat(r.counter("evictions")).isEqualTo(r.counter("windows.standby.repurposed"));
    assertThat(r.counter("faults.major")).isEqualTo(r.counter("swap.in")).isPositive();
    assertThat(r.counter("windows.faults.soft")).isPositive();
    assertThat(r.counter("windows.faults"))
        .isEqualTo(r.counter("faults.minor") + r.counter("faults.major"));
  }

  @Test
  void zeroPageThread_zeroesFreePages_whileTheCpuIsIdle() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: zero
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: app
                    steps:
                      - sleep: 10ms
                      - allocate: {name: heap, size: 64pages}
                      - touch: {region: heap, writes: 1}
                """)
            .get(0);

    assertThat(r.counter("windows.zeroed")).isPositive();
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(64);
  }

  @Test
  void sameSeed_sameResults() {
    assertThat(WindowsRuns.scenario("pagefile-hard-faults.yaml"))
        .isEqualTo(WindowsRuns.scenario("pagefile-hard-faults.yaml"));
  }
}
