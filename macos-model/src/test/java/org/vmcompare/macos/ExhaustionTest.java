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
 * macOS asks the user, which the model cannot answer, and the run ends saying so, never with a
 * made-up result.
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
    assertThat(hog.endReason()).isEqualTo("killed: swap space exhausted");
    assertThat(r.eventLog())
        .extracting(LogEntry::text)
        .anyMatch(t -> t.startsWith("macos: swap space exhausted: killing hog[100], which holds"));
    // killed before it could write all 3,072 pages
    assertThat(r.counter("zero.fills")).isLessThan(3072);
  }

  @Test
  void threeEqualHogs_noneHoldingHalf_endTheRun_atTheOutOfMemoryDialog() {
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

    RunResult r = MacosRuns.unchecked(yaml).get(0);

    assertThat(r.status()).isEqualTo(RunStatus.UNSUPPORTED);
    assertThat(r.error())
        .contains("on macos with machine.ram = 8MiB: the pageout scan found nothing more to free")
        .contains("swapfiles holding 0 of 0 pages")
        .contains("swap is absent (machine.swap: 0)")
        .contains("no task holds more than half the compressed pages")
        .contains("\"out of application memory\" dialog");
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
    assertThat(MacosRuns.process(r, "b").endReason()).isEqualTo("killed: swap space exhausted");
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
