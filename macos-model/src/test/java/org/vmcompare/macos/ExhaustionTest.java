package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;

/**
 * Running out of memory (issue 10 items 5-6): anonymous memory beyond RAM is compressed, so a task
 * writing more than RAM runs; when the compressor holds all it can and swap is full or absent, the
 * task holding more than half the compressed pages is killed (SEMANTICS.md, macOS); when none does,
 * macOS shows the "out of application memory" dialog, nobody answers it, and the faulting task
 * waits for a free page: another task's exit or unmap wakes it, and if nothing does the run ends
 * with it hung, never with a made-up result.
 */
final class ExhaustionTest {
  private static final String HOG =
      """
      name: hog
      machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
      systems: [macos]
      processes:
        - name: hog
          steps:
            - allocate: {name: big, size: 12MiB}
            - touch: {region: big, writes: 1, compressibility: %s}
      """;

  @Test
  void incompressibleDataBeyondRam_withoutSwap_killsTheTaskHoldingTheCompressedPages() {
    RunResult r = MacosRuns.yaml(HOG.formatted("0")).get(0);

    assertThat(r.counter("kills")).isEqualTo(1);
    ProcessSummary hog = MacosRuns.process(r, "hog");
    assertThat(hog.endReason()).isEqualTo("swap space exhausted");
    assertThat(r.eventLog())
        .extracting(LogEntry::text)
        .anyMatch(t -> t.startsWith("macos: swap space exhausted: killing hog[100], which holds"));
    // killed before it could write all 3,072 pages
    assertThat(r.counter("zero.fills")).isLessThan(3072);
  }

  /** The hung task's end reason, and the last line the run logs for it. */
  private static final String HUNG =
      "hung: waiting for memory (\"out of application memory\" dialog); not enough came free"
          + " before the run ended";

  @Test
  void threeEqualHogs_noneHoldingHalf_hangAtTheOutOfMemoryDialog_andTheRunEndsWithTheirResults() {
    String yaml =
        """
        name: three-hogs
        machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
        scheduler: {quantum: 100}
        systems: [macos]
        processes:
          - {name: a, steps: [{allocate: {name: heap, size: 4MiB}},
                              {touch: {region: heap, writes: 1, compressibility: 0}}]}
          - {name: b, steps: [{allocate: {name: heap, size: 4MiB}},
                              {touch: {region: heap, writes: 1, compressibility: 0}}]}
          - {name: c, steps: [{allocate: {name: heap, size: 4MiB}},
                              {touch: {region: heap, writes: 1, compressibility: 0}}]}
        """;

    RunResult r = MacosRuns.yaml(yaml).get(0);

    assertThat(r.status()).isEqualTo(RunStatus.OK);
    assertThat(r.counter("kills")).isZero();
    for (String name : List.of("a", "b", "c")) {
      ProcessSummary p = MacosRuns.process(r, name);
      assertThat(p.state()).as(name).isEqualTo("hung");
      assertThat(p.endReason()).as(name).isEqualTo(HUNG);
      assertThat(p.minorFaults()).as(name).isPositive();
    }
    // the three wrote what 1,792 usable frames hold, less the reserve, and no more
    assertThat(r.counter("zero.fills")).isEqualTo(1790);
    // the dialog once, with the figures of the scan that found nothing; then a line per task
    List<String> dialog = lines(r, "\"out of application memory\" dialog; nobody answers it");
    assertThat(dialog).hasSize(1);
    assertThat(dialog.get(0))
        .matches("macos: no free page for [abc]\\[\\d+] \\(heap\\): .*")
        .contains("the pageout scan found nothing more to free (0 pages active, 0 inactive, 1790")
        .contains("swapfiles holding 0 of 0 pages")
        .contains("swap is absent (machine.swap: 0, no swapMax)")
        .contains("no task holds more than half the compressed pages")
        .endsWith(" waits for a free page");
    assertThat(lines(r, " also waits for a free page at the \"out of application memory\""))
        .hasSize(2);
    assertThat(lines(r, "] " + HUNG)).hasSize(3);
  }

  @Test
  void oneTask_itsLeakedSharedMemoryHoldingMostCompressedPages_hangsAtTheDialog_noKill() {
    // POSIX shared memory lives on after its last mapping (until shm_unlink): its compressed
    // pages are nobody's, so the task holds less than half of what the compressor stores
    String yaml =
        """
        name: leaked-shm
        machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
        systems: [macos]
        processes:
          - name: hog
            steps:
              - share: {name: board, shared: leaked, size: 4MiB}
              - touch: {region: board, writes: 1, compressibility: 0}
              - unmap: board
              - allocate: {name: heap, size: 4MiB}
              - touch: {region: heap, writes: 1, compressibility: 0}
        """;

    RunResult r = MacosRuns.yaml(yaml).get(0);

    assertThat(r.status()).isEqualTo(RunStatus.OK);
    assertThat(r.counter("kills")).isZero();
    ProcessSummary hog = MacosRuns.process(r, "hog");
    assertThat(hog.state()).isEqualTo("hung");
    assertThat(hog.endReason()).isEqualTo(HUNG);
    assertThat(r.counter("zero.fills")).isEqualTo(1790);
    assertThat(lines(r, "macos: no free page for hog[100] (heap): the pageout scan found"))
        .singleElement()
        .asString()
        .contains("1790 pages stored in the compressor")
        .endsWith(
            "macOS shows the \"out of application memory\" dialog; nobody answers it in a"
                + " run, so hog[100] waits for a free page");
    assertThat(log(r).get(log(r).size() - 1)).isEqualTo("hog[100] " + HUNG);
  }

  private static final String HOG_AND_WORKER =
      """
      name: hog-and-worker
      machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
      systems: [macos]
      processes:
        - name: worker
          steps:
            - allocate: {name: heap, size: 2MiB}
            - touch: {region: heap, writes: 1, compressibility: 0}
            - sleep: 100ms
      %s
        - name: hog
          steps:
            - share: {name: board, shared: leaked, size: 3MiB}
            - touch: {region: board, writes: 1, compressibility: 0}
            - unmap: board
            - allocate: {name: heap, size: 3MiB}
            - touch: {region: heap, writes: 1, compressibility: 0}
      """;

  @Test
  void hogAtTheDialog_wokenWhenTheOtherTaskExits_getsItsPagesAndRunsToItsEnd() {
    RunResult r = MacosRuns.yaml(HOG_AND_WORKER.formatted("")).get(0);

    assertWoken(r, "worker[100] exited: exit (end of steps)");
  }

  @Test
  void hogAtTheDialog_wokenWhenTheOtherTaskUnmaps_getsItsPagesAndRunsToItsEnd() {
    String unmapThenWait = "      - unmap: heap\n      - sleep: 100ms";

    RunResult r = MacosRuns.yaml(HOG_AND_WORKER.formatted(unmapThenWait)).get(0);

    assertWoken(r, "hog[101] exited: exit (end of steps)");
    // the hog finished while the worker still ran: the unmap, not the exit, woke it
    assertThat(log(r).indexOf("hog[101] exited: exit (end of steps)"))
        .isLessThan(log(r).indexOf("worker[100] exited: exit (end of steps)"));
  }

  @Test
  void hogAtTheDialog_wokenWhenTheOtherTaskMakesItsCacheVolatile_itsScanPurgesIt_andItRunsOn() {
    String volatileThenWait = "      - offer: {region: heap}\n      - sleep: 100ms";
    String yaml =
        HOG_AND_WORKER
            .formatted(volatileThenWait)
            .replace("{name: heap, size: 2MiB}", "{name: heap, size: 2MiB, purgeable: true}");

    RunResult r = MacosRuns.yaml(yaml).get(0);

    // no frame is freed by the offer itself: the hog's fault, tried again, purges the object
    assertWoken(r, "purged volatile object 'heap': 512 pages, now EMPTY");
    assertThat(r.counter("discards")).isEqualTo(512);
    assertThat(log(r).indexOf("hog[101] exited: exit (end of steps)"))
        .isLessThan(log(r).indexOf("worker[100] exited: exit (end of steps)"));
  }

  /** The hog hung at the dialog, was woken, wrote all its pages and exited; nothing was killed. */
  private static void assertWoken(RunResult r, String wakeUp) {
    assertThat(r.status()).isEqualTo(RunStatus.OK);
    assertThat(r.counter("kills")).isZero();
    ProcessSummary hog = MacosRuns.process(r, "hog");
    assertThat(hog.state()).isEqualTo("exited");
    assertThat(hog.endReason()).isEqualTo("exit (end of steps)");
    // every page of the three regions written: 512 + 768 + 768, beyond the 1,790 that fit
    assertThat(r.counter("zero.fills")).isEqualTo(2048);
    int dialog = indexOf(r, "macos: no free page for hog[101] (heap): ");
    assertThat(dialog).isNotNegative();
    assertThat(log(r).get(dialog)).endsWith("so hog[101] waits for a free page");
    assertThat(dialog).isLessThan(log(r).indexOf(wakeUp));
    assertThat(log(r)).noneMatch(t -> t.contains("hung"));
  }

  private static List<String> log(RunResult r) {
    return r.eventLog().stream().map(LogEntry::text).toList();
  }

  private static List<String> lines(RunResult r, String part) {
    return log(r).stream().filter(t -> t.contains(part)).toList();
  }

  private static int indexOf(RunResult r, String prefix) {
    List<String> log = log(r);
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static final String THREE_HOGS =
      """
      name: three-hogs
      machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
      scheduler: {quantum: 100}
      systems: [{os: macos%s}]
      processes:
        - {name: a, steps: [{allocate: {name: heap, size: 4MiB}},
                            {touch: {region: heap, writes: 1, compressibility: 0}}]}
        - {name: b, jetsamBand: %s, steps: [{allocate: {name: heap, size: 4MiB}},
                            {touch: {region: heap, writes: 1, compressibility: 0}}]}
        - {name: c, steps: [{allocate: {name: heap, size: 4MiB}},
                            {touch: {region: heap, writes: 1, compressibility: 0}}]}
      """;

  @Test
  void threeEqualHogs_oneInTheIdleBand_theIdleOneIsKilledFirst_andNoDialog() {
    RunResult r = MacosRuns.yaml(THREE_HOGS.formatted("", "idle")).get(0);

    assertThat(r.status()).isEqualTo(RunStatus.OK);
    assertThat(kills(r)).first().asString().matches("killing b\\[\\d+] of the idle band \\(0\\).*");
    assertThat(MacosRuns.process(r, "b").endReason()).isEqualTo("swap space exhausted");
    // two 4 MiB tasks of incompressible data still do not fit in 7 MiB: one of them holds more
    // than half the compressed pages by then, and goes
    assertThat(kills(r)).hasSize(2);
    assertThat(kills(r).get(1)).doesNotContain("idle band");
  }

  @Test
  void threeEqualHogs_killOnNoPagingSpace_killsTheLowestBandOldestFirst_insteadOfTheDialog() {
    RunResult r =
        MacosRuns.yaml(THREE_HOGS.formatted(", options: {killOnNoPagingSpace: true}", "background"))
            .get(0);

    assertThat(r.status()).isEqualTo(RunStatus.OK);
    assertThat(kills(r))
        .hasSize(2)
        .allMatch(t -> t.startsWith("killOnNoPagingSpace: killing the top process"));
    // band 30 before the two of band 100, and then a, which started before c
    assertThat(kills(r).get(0)).contains("b[").contains("(band 30)");
    assertThat(kills(r).get(1)).contains("a[").contains("(band 100)");
    assertThat(MacosRuns.process(r, "c").endReason()).isEqualTo("exit (end of steps)");
  }

  private static List<String> kills(RunResult r) {
    String prefix = "macos: swap space exhausted: ";
    return r.eventLog().stream()
        .map(LogEntry::text)
        .filter(t -> t.startsWith(prefix))
        .map(t -> t.substring(prefix.length()))
        .toList();
  }

  @Test
  void compressibleDataBeyondRam_isCompressed_andTheRunEnds() {
    RunResult r = MacosRuns.yaml(HOG.formatted("0.5")).get(0);

    assertThat(r.counter("zero.fills")).isEqualTo(3072);
    // 1,792 usable frames hold at most that many pages: the rest went into the compressor
    assertThat(r.counter("macos.compressions")).isGreaterThan(3072 - 1792);
    assertThat(r.counter("macos.decompressions")).isZero();
    assertThat(r.counter("evictions")).isZero();
    assertThat(r.counter("kills")).isZero();
  }
}
