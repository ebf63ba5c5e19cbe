package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: anonymous pages to swap and back, through the swap cache (item 4). */
final class SwapTest {
  @Test
  void pagedOut_comeBackAsMajorFaults_andACleanSwapCachePageIsNotWrittenTwice() {
    RunResult r = LinuxRuns.scenario("swap-pageout.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(process(r, "app").minorFaults()).isEqualTo(64);
    assertThat(process(r, "app").majorFaults()).isEqualTo(3 * 64);
    assertThat(r.counter("swap.in")).isEqualTo(3 * 64);
    // out at the first pageout; the second found them clean in the swap cache; the third after
    // they were written again
    assertThat(r.counter("swap.out")).isEqualTo(2 * 64);
    assertThat(r.counter("evictions")).isEqualTo(3 * 64);
    assertThat(r.counter("disk.writes")).as("one request a pageout batch").isEqualTo(2);
    assertThat(r.counter("disk.reads")).isEqualTo(3 * 64);
  }

  @Test
  void aPageStillBeingWritten_isFoundInTheSwapCache_aMinorFault() {
    RunResult r =
        LinuxRuns.yaml(
                """
            name: writeback
            machine: {ram: 64MiB, swap: 64MiB}
            systems: [linux]
            processes:
              - name: app
                steps:
                  - allocate: {name: heap, size: 64pages}
                  - touch: {region: heap, writes: 1}
                  - native: {os: linux, call: madvise, args: {region: heap, advice: MADV_PAGEOUT}}
                  - touch: {region: heap}
            """)
            .get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(process(r, "app").minorFaults()).isEqualTo(2 * 64);
    assertThat(process(r, "app").majorFaults()).isZero();
    assertThat(r.counter("linux.swapcache.hits")).isEqualTo(64);
    assertThat(r.counter("swap.out")).isEqualTo(64);
  }

  @Test
  void swappedPages_comeBackWithTheirContents() {
    RunResult r =
        LinuxRuns.checked(
            """
            name: checked
            machine: {ram: 64MiB, swap: 64MiB}
            systems: [linux]
            processes:
              - name: app
                steps:
                  - allocate: {name: heap, size: 64pages}
                  - touch: {region: heap, writes: 1}
                  - native: {os: linux, call: record, args: {region: heap}}
                  - native: {os: linux, call: madvise, args: {region: heap, advice: MADV_PAGEOUT}}
                  - sleep: 10ms
                  - touch: {region: heap}
                  - native: {os: linux, call: verify, args: {region: heap}}
                  - native: {os: linux, call: madvise, args: {region: heap, advice: MADV_PAGEOUT}}
                  - sleep: 10ms
                  - touch: {region: heap, pattern: random, count: 200}
                  - native: {os: linux, call: verify, args: {region: heap}}
            """);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("swap.in")).isGreaterThan(64);
  }
}
