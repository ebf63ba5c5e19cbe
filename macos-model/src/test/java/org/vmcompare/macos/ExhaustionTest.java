package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;

/**
 * Running out of memory (issue 10 items 5-6): anonymous memory beyond RAM is compressed, so a task
 * writing more than RAM runs; when the compressor holds all it can, there is no swap and nothing
 * else is left to free, the run ends with one message that says why (iOS's jetsam, which would
 * kill, is not built yet), never with a made-up result.
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
  void incompressibleDataBeyondRam_withoutSwap_endsTheRun_sayingWhy() {
    RunResult r = MacosRuns.unchecked(HOG.formatted("0")).get(0);

    assertThat(r.status()).isEqualTo(RunStatus.UNSUPPORTED);
    assertThat(r.error())
        .startsWith("no free page for hog[100] (big) on macos with machine.ram = 8MiB")
        .contains("the pageout scan found nothing more to free (0 pages active, 0 inactive")
        .contains(
            "a machine without swap (machine.swap: 0) has no swapfiles; jetsam is not built yet");
  }

  @Test
  void compressibleDataBeyondRam_isCompressed_andTheRunEnds() {
    RunResult r = MacosRuns.yaml(HOG.formatted("0.5")).get(0);

    assertThat(r.counter("zero.fills")).isEqualTo(3072);
    // 1,792 usable frames hold at most that many pages: the rest went into the compressor
    assertThat(r.counter("macos.compressions")).isGreaterThan(3072 - 1792);
    assertThat(r.counter("macos.decompressions")).isZero();
    assertThat(r.counter("evictions")).isZero();
  }
}
