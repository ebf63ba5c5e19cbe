package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: madvise(MADV_DONTNEED) and madvise(MADV_FREE) (item 6). */
final class MadviseTest {
  @Test
  void dontNeed_dropsRssAtOnce_andTheNextTouchMapsTheZeroPage() {
    RunResult r = LinuxRuns.scenario("madvise.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.views().get("written").get("proc/100/smaps_rollup"))
        .contains("Rss:                 256 kB\n");
    assertThat(r.views().get("released").get("proc/100/smaps_rollup"))
        .contains("Rss:                   0 kB\n");
    // 64 written, 64 zero-page reads after the release, then calm's and lazy's 64 + 16 writes
    assertThat(process(r, "cache").minorFaults()).isEqualTo(64 + 64 + 64 + 64);
    assertThat(r.counter("ops.reclaim.survived")).as("no pressure: calm keeps all").isEqualTo(1);
    assertThat(r.counter("ops.reclaim.lost")).as("pressure: lazy lost some").isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"128MiB, 24576", "0, 13600"})
  void free_keepsContentsUntilReclaim_thenReadsZero_unlessWrittenAgain(String swap, int hog) {
    RunResult r =
        LinuxRuns.checked(
            """
            name: checked
            machine: {ram: 64MiB, swap: %s}
            systems: [linux]
            processes:
              - name: cache
                steps:
                  - allocate: {name: calm, size: 64pages}
                  - touch: {region: calm, writes: 1}
                  - native: {os: linux, call: record, args: {region: calm}}
                  - offer: {region: calm}
                  - touch: {region: calm}
                  - native: {os: linux, call: verify, args: {region: calm}}
                  - allocate: {name: lazy, size: 64pages}
                  - touch: {region: lazy, writes: 1}
                  - offer: {region: lazy}
                  - touch: {region: lazy, size: 16pages, writes: 1}
                  - native: {os: linux, call: record, args: {region: lazy}}
                  - sleep: 50ms
                  - touch: {region: lazy}
                  - native: {os: linux, call: verify-or-zero, args: {region: lazy}}
              - name: hog
                start: 10ms
                steps:
                  - allocate: {name: big, size: %dpages}
                  - touch: {region: big, writes: 1}
            """
                .formatted(swap, hog));

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("check.same") + r.counter("check.zero"))
        .as("every recorded page checked: %s", r.counters())
        .isEqualTo(64 + 64);
    // some offered pages were reclaimed and read zero; never the 16 written again
    assertThat(r.counter("check.zero")).isPositive().isLessThanOrEqualTo(48);
    assertThat(r.counter("discards")).isGreaterThanOrEqualTo(r.counter("check.zero"));
  }

  @Test
  void withoutSwap_lazyOnNewKernels_freedAtOnceBefore412() {
    List<RunResult> runs = LinuxRuns.scenario("madvise-swapless.yaml");
    RunResult lazy = runs.get(0);
    RunResult immediate = runs.get(1);

    assertThat(lazy.ok()).as(lazy.error()).isTrue();
    assertThat(immediate.ok()).as(immediate.error()).isTrue();
    assertThat(lazy.views().get("offered").get("proc/100/smaps_rollup"))
        .contains("Rss:                 256 kB\n")
        .contains("LazyFree:            256 kB\n");
    assertThat(lazy.views().get("offered").get("proc/meminfo"))
        .contains("Inactive(file):      256 kB\n");
    assertThat(immediate.views().get("offered").get("proc/100/smaps_rollup"))
        .contains("Rss:                   0 kB\n");
    assertThat(immediate.counter("discards")).isEqualTo(64);
    assertThat(lazy.counter("discards")).as("clean lazy pages kswapd reached").isPositive();
    assertThat(lazy.counter("ops.reclaim.lost")).isEqualTo(1);
    assertThat(immediate.counter("ops.reclaim.lost")).isEqualTo(1);
  }
}
