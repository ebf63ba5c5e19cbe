package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.RunResult;

/**
 * Faulting threads wait while fewer than MM_HIGH_LIMIT (128) pages are available: the WRK's
 * MiEnsureAvailablePageOrWait (base/ntos/mm/pfnlist.c), called by every fault that needs a page.
 * Scenario: {@code fault-wait.yaml}.
 */
final class FaultWaitTest {
  @Test
  void aFaultBelowTheThreshold_waitsForTheNextRun_insteadOfTrimmingAtOnce() {
    List<RunResult> rs = WindowsRuns.scenario("fault-wait.yaml");
    RunResult waits = rs.get(0);
    RunResult trimsAtOnce = rs.get(1);

    // the loader starts at 2.5 s and takes pages until fewer than 114 are available; nothing
    // wakes the working set manager for a waiting fault, so it waits for the run at 3 s, which
    // trims the idle indexer, and for the modified page writer, which writes those dirty pages
    // to the pagefile so that they reach Standby
    assertThat(waits.counter("windows.faults.waits")).isPositive();
    assertThat(exitNs(waits, "loader")).isBetween(3_000_000_000L, 3_200_000_000L);
    // the reader's soft fault at 2.6 s waits as well; the loader takes the pages each wake
    // brings, so the reader's wait ends when the loader exits; 10 ms later (MmShortTime) its 64
    // soft faults take 37 us: its pages, at Standby priority 5, were not repurposed
    assertThat(exitNs(waits, "reader") - exitNs(waits, "loader"))
        .isBetween(10_000_000L, 10_100_000L);
    assertThat(waits.counter("windows.faults.soft")).isEqualTo(64);
    // the manager runs once a second and never early: no fault took a page below 23
    // (wakeAvailablePages scaled)
    assertThat(waits.counter("windows.bsm.runs")).isEqualTo(10);

    // with faultWaitAvailablePages: 0 the loader takes the last pages, and its faults that find
    // none trim the indexer at once, only as many pages as they need: it is done in 23 ms
    assertThat(trimsAtOnce.counter("windows.faults.waits")).isZero();
    assertThat(exitNs(trimsAtOnce, "loader")).isLessThan(2_600_000_000L);
    assertThat(exitNs(trimsAtOnce, "reader")).isLessThan(2_610_000_000L);
    assertThat(trimsAtOnce.counter("windows.faults.hard")).isEqualTo(64);
    assertThat(trimsAtOnce.counter("windows.ws.trimmed"))
        .isLessThan(waits.counter("windows.ws.trimmed"));

    // either way the loader holds its 3,000 pages
    for (RunResult r : rs) {
      assertThat(r.views().get("loaded").get("vmmap/102"))
          .containsPattern("Total +12,036 K +12,036 K +12,036 K +12,000 K");
    }
  }

  /**
   * MmAvailablePagesEventHigh is set by the page list that adds the page bringing available to the
   * threshold (MiInsertPageInList, WRK base/ntos/mm/pfnlist.c), whatever added it: here another
   * process's EmptyWorkingSet, which used to leave the waiting fault asleep until the working set
   * manager's next run. Scenario: {@code wait-wakes-at-threshold.yaml}.
   */
  @Test
  void
      aWaitingFault_goesOnWhenAvailableReachesTheThreshold_evenByAnotherProcessesEmptyWorkingSet() {
    RunResult r = WindowsRuns.scenario("wait-wakes-at-threshold.yaml").get(0);

    long emptied = exitNs(r, "viewer") - 1_000_000_000L; // its last step sleeps 1 s
    assertThat(emptied).isBetween(3_600_000_000L, 3_900_000_000L);
    // the loader started at 3.5 s and waited; it goes on as the viewer's pages reach Standby and
    // has its 3,000 pages within 2 ms, long before the manager's run at 4 s (before this, it
    // exited at 4.0007 s)
    assertThat(exitNs(r, "loader") - emptied).isBetween(0L, 2_000_000L);
    // two faults waited, the viewer's (while the indexer filled memory) and the loader's, each
    // counted once however often it was woken short of the threshold
    assertThat(r.counter("windows.faults.waits")).isEqualTo(2);
    assertThat(r.counter("windows.bsm.runs")).isEqualTo(10);
  }

  /**
   * The cache manager copies in the reading thread (CcCopyRead), and MiEnsureAvailablePageOrWait
   * gives a thread that is not a memory maker the MM_HIGH_LIMIT threshold: a cache miss waits as a
   * process's fault does, and a cache page taken back from Standby is a transition fault that waits
   * too (MiResolveTransitionFault). Scenario: {@code file-read-waits.yaml}.
   */
  @Test
  void aFileReadThroughTheCache_waitsBelowTheThreshold_asAFaultDoes() {
    List<RunResult> rs = WindowsRuns.scenario("file-read-waits.yaml");
    RunResult waits = rs.get(0);
    RunResult trimsAtOnce = rs.get(1);

    // the copier's miss waits from when fewer than 114 pages are available until the manager's
    // run at 3 s has trimmed the indexer and the writer has written those dirty pages; the
    // reviewer's pages on Standby wait as well (before this, it took them back at 2.60 s)
    assertThat(waits.counter("windows.faults.waits")).isEqualTo(2);
    assertThat(exitNs(waits, "copier")).isBetween(3_000_000_000L, 3_300_000_000L);
    assertThat(exitNs(waits, "reviewer")).isBetween(3_000_000_000L, 3_200_000_000L);
    // without the threshold the misses take the last pages and trim the indexer at once, and the
    // reviewer takes its pages back at once
    assertThat(trimsAtOnce.counter("windows.faults.waits")).isZero();
    assertThat(exitNs(trimsAtOnce, "copier")).isLessThan(2_700_000_000L);
    assertThat(exitNs(trimsAtOnce, "reviewer")).isLessThan(2_610_000_000L);
    for (RunResult r : rs) {
      // either way the reviewer's 64 pages come back from Standby, with no disk read
      assertThat(r.counter("windows.cache.hits")).isEqualTo(64);
      assertThat(r.counter("windows.cache.misses")).isEqualTo(4500 + 400 + 64);
      assertThat(r.counter("file.reads")).isEqualTo(4500 + 400 + 64);
      assertThat(r.counter("windows.bsm.runs")).isEqualTo(10);
    }
  }

  private static long exitNs(RunResult r, String process) {
    return r.eventLog().stream()
        .filter(e -> e.text().startsWith(process + "[") && e.text().contains("exited"))
        .mapToLong(LogEntry::timeNs)
        .findFirst()
        .orElseThrow();
  }
}
