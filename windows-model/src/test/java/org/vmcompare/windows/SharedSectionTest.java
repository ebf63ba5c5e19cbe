package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;
import static org.vmcompare.windows.WindowsRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Sections of shared memory with prototype PTEs (SEMANTICS.md, Windows; issue 9 item 6): two views
 * of one pagefile-backed section share its pages through the PFN share count, trimming one view
 * leaves the page valid in the other, and a write through one view is read through the other (the
 * checked replay compares every read with the last write).
 */
final class SharedSectionTest {
  private static final String SHAREABLE_ROW = "Shareable +256 K +256 K +0 K +%s +0 K +%s +%s";

  @Test
  void secondView_softFaultsThePages_andTrimmingOneViewLeavesTheOther() {
    RunResult r = WindowsRuns.scenario("shared-section.yaml").get(0);

    // the producer's 64 demand-zero faults, the consumer's 64 soft ones, then the producer's
    // 64 soft ones on pages the consumer kept valid; nothing read or written on disk
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(64);
    assertThat(process(r, "consumer").minorFaults()).isEqualTo(64);
    assertThat(process(r, "consumer").majorFaults()).isZero();
    assertThat(metric(r, "producer", "page_fault_count")).isEqualTo(128);
    assertThat(r.counter("windows.faults.soft")).isEqualTo(128);
    assertThat(r.counter("faults.major")).isZero();
    assertThat(r.counter("disk.reads")).isZero();
    // the section is charged once, at creation, to the system: not to either process
    assertThat(r.views().get("both-mapped").get("taskmgr")).contains("Committed       320 K");
    assertThat(metric(r, "producer", "commit.peak")).isZero();

    // both views valid: every page shared (share count 2)
    assertThat(r.views().get("both-mapped").get("vmmap/100"))
        .containsPattern(String.format(SHAREABLE_ROW, "256 K", "256 K", "256 K"));
    assertThat(r.views().get("both-mapped").get("vmmap/101"))
        .containsPattern(String.format(SHAREABLE_ROW, "256 K", "256 K", "256 K"));
    // EmptyWorkingSet on the producer: its view has nothing valid, the consumer keeps every page
    // valid (share count 1), and no page went to a list
    assertThat(r.views().get("producer-trimmed").get("vmmap/100"))
        .containsPattern(String.format(SHAREABLE_ROW, "0 K", "0 K", "0 K"));
    assertThat(r.views().get("producer-trimmed").get("vmmap/101"))
        .containsPattern(String.format(SHAREABLE_ROW, "256 K", "256 K", "0 K"));
    assertThat(r.views().get("producer-trimmed").get("rammap")).containsPattern("Standby +0 K");
  }

  @Test
  void sectionDiesWithItsLastHandle_andTheNameThenMakesAZeroedOne() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: section-lifetime
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: first
                    steps:
                      - share: {name: s, shared: scratch, size: 8pages}
                      - touch: {region: s, writes: 1}
                  - name: second
                    after: first
                    steps:
                      - snapshot: after-first
                      - share: {name: s, shared: scratch, size: 8pages}
                      - touch: {region: s}
                """)
            .get(0);

    // every handle and view closed at the first's exit: the section, its pages and its charge went
    assertThat(r.views().get("after-first").get("taskmgr")).contains("Committed       0 K");
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(16);
    assertThat(r.counter("windows.faults.soft")).isZero();
  }

  @Test
  void openOfAMissingSection_failsWithFileNotFound_andTheProcessGoesOn() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: open-missing
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: late
                    steps:
                      - share: {name: s, shared: nobody}
                      - allocate: {name: a, size: 4pages}
                      - touch: {region: a, writes: 1}
                  - name: creator
                    steps:
                      - sleep: 1ms
                      - share: {name: s, shared: nobody, size: 4pages}
                """)
            .get(0);

    assertThat(r.counter("ops.failed.share")).isEqualTo(1);
    assertThat(process(r, "late").state()).isEqualTo("exited");
    assertThat(r.counter("zero.fills")).isEqualTo(4);
  }
}
