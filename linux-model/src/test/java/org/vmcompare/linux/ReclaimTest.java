package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.process;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: LRU/2, watermarks, kswapd and direct reclaim, swap (items 2, 3, 4). */
final class ReclaimTest {
  @Test
  void aOnePassScan_leavesTheHotWorkingSetResident() {
    RunResult r = LinuxRuns.scenario("lru2-scan-resistance.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("file.reads")).as("the whole file, once").isEqualTo(32768);
    assertThat(r.counter("evictions")).isGreaterThan(32768 - 14336);
    assertThat(r.counter("linux.reclaim.kswapd")).isPositive();
    assertThat(r.counter("swap.out")).as("no anonymous page reclaimed").isZero();
    assertThat(process(r, "hot").minorFaults()).as("its first touch only").isEqualTo(8192);
    assertThat(process(r, "hot").majorFaults()).isZero();
  }

  @ParameterizedTest(name = "{0} RAM, {1}: min_free_kbytes {2}, min {3}, low {4}, high {5}")
  @CsvSource({
    "64MiB, thp madvise, 2792, 698, 872, 1046",
    "64MiB, thp never, 957, 239, 298, 357",
    "1GiB, thp madvise, 45056, 11264, 14080, 16896",
    "1GiB, thp never, 4063, 1015, 1273, 1531",
    "24GiB, thp madvise, 67584, 16896, 23183, 29470",
    "24GiB, thp never, 20059, 5014, 11301, 17588",
  })
  void watermarks_followTheKernelsFormulas(
      String ram, String label, long minFree, long min, long low, long high) {
    RunResult r =
        LinuxRuns.scenario("watermarks.yaml").stream()
            .filter(x -> x.label().equals(label) && x.point().get("machine.ram").equals(ram))
            .findFirst()
            .orElseThrow();

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.views().get("boot").get("proc/sys/vm/min_free_kbytes")).isEqualTo(minFree + "\n");
    assertThat(r.views().get("boot").get("proc/zoneinfo"))
        .contains("        min      " + min + "\n")
        .contains("        low      " + low + "\n")
        .contains("        high     " + high + "\n");
  }

  @Test
  void underPressure_kswapdAndDirectReclaimAreCountedApart_andFreeStaysAboveMin() {
    RunResult r = LinuxRuns.scenario("reclaim-pressure.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("linux.reclaim.kswapd")).isPositive();
    assertThat(r.counter("linux.reclaim.direct")).isPositive();
    assertThat(r.counter("linux.allocstall")).isPositive();
    assertThat(r.counter("linux.kswapd.wakeups")).isPositive();
    List<Long> free = LinuxRuns.series(r, "linux.free");
    assertThat(Collections.min(free)).as("never below min (698 pages)").isGreaterThanOrEqualTo(698);
    assertThat(process(r, "big").minorFaults()).isEqualTo(24576);
    assertThat(process(r, "big").majorFaults()).isEqualTo(r.counter("swap.in")).isPositive();
    assertThat(r.counter("swap.out")).isGreaterThanOrEqualTo(r.counter("swap.in"));
  }

  @Test
  void swappedUnderPressure_pagesComeBackWithTheirContents() {
    RunResult r =
        LinuxRuns.checked(
            """
            name: checked
            machine: {ram: 64MiB, swap: 128MiB}
            systems: [linux]
            processes:
              - name: app
                steps:
                  - allocate: {name: a, size: 40MiB}
                  - touch: {region: a, writes: 1}
                  - native: {os: linux, call: record, args: {region: a}}
                  - allocate: {name: b, size: 40MiB}
                  - touch: {region: b, writes: 1}
                  - touch: {region: a}
                  - native: {os: linux, call: verify, args: {region: a}}
            """);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("swap.in")).isPositive();
  }
}
