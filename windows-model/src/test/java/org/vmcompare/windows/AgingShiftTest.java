package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The aging rate as the WRK sets it (base/ntos/mm/wsmanage.c): MiAgingShift starts at 3 on a
 * workstation of at most 257 MB and at 5 above (MiAdjustWorkingSetManagerParameters), and
 * MiAdjustClaimParameters moves it within 3..7, up at most every 60 s while claim + available is
 * plentiful, down at most every 2 s when a trim's first pass falls short. Each run ages
 * (working-set size >> shift) entries of a working set: {@code windows.ws.aged} counts them, the
 * gauge {@code windows.aging.shift} samples the shift. A run that need not trim ages only while
 * fewer than MM_ENORMOUS_LIMIT (20,000) pages are available (MiComputeSystemTrimCriteria), so the
 * idle processes here leave between 10,000 and 20,000 pages available: too many to trim, too few to
 * skip aging, enough for the working set to grow past its maximum.
 */
final class AgingShiftTest {
  /** One process that touches {@code pages} and then sleeps: every run only ages. */
  private static String idle(String ram, int pages, String options, String sleep) {
    return """
        name: aging-shift
        machine: {ram: %s, swap: 64MiB}
        sampling: 1s
        systems:
          - os: windows
            options: {%s}
        processes:
          - name: idle
            steps:
              - allocate: {name: heap, size: %dpages}
              - touch: {region: heap}
              - sleep: %s
        """
        .formatted(ram, options, pages, sleep);
  }

  @Test
  void bootShift_byMachineSize_threeUpTo257MbElseFive() {
    RunResult small = WindowsRuns.yaml(idle("256MiB", 50_000, "", "1500ms")).get(0);
    RunResult large = WindowsRuns.yaml(idle("512MiB", 115_000, "", "1500ms")).get(0);
    RunResult set = WindowsRuns.yaml(idle("512MiB", 115_000, "agingShift: 4", "1500ms")).get(0);

    // one balance set manager run (at 1 s), which ages working-set size >> shift entries
    assertThat(small.counter("windows.bsm.runs")).isEqualTo(1);
    assertThat(small.counter("windows.ws.aged")).isEqualTo(50_000 >> 3);
    assertThat(large.counter("windows.ws.aged")).isEqualTo(115_000 >> 5);
    assertThat(set.counter("windows.ws.aged")).isEqualTo(115_000 >> 4);
    assertThat(small.timeSeries().get("windows.aging.shift")).startsWith(3L);
    assertThat(large.timeSeries().get("windows.aging.shift")).startsWith(5L);
  }

  @Test
  void plentifulMemory_raisesTheShift_onceAMinuteAtMost_asTheClaimGrows_upToSeven() {
    RunResult r = WindowsRuns.yaml(idle("256MiB", 50_000, "", "1500s")).get(0);

    List<Long> shift = r.timeSeries().get("windows.aging.shift");
    // samples at 0 s, 1 s, ...; the run at k s sees k s since the last change: up when > 60 s and
    // claim / 2 + available (11,440) is above the threshold of the shift. 8,000 and 12,000 are
    // met at once, so 3 -> 4 at 61 s and 4 -> 5 at 122 s
    assertThat(shift.get(60)).isEqualTo(3);
    assertThat(shift.get(61)).isEqualTo(4);
    assertThat(shift.get(121)).isEqualTo(4);
    assertThat(shift.get(122)).isEqualTo(5);
    // the claim grows by 30 pages a run from 9 s (when the estimate's samples first meet pages
    // aged twice): 30 x (846 - 8) = 25,140 makes 12,570 + 11,440 > 24,000 at 846 s, and
    // 30 x (1,379 - 8) = 41,130 makes 20,565 + 11,440 > 32,000 at 1,379 s
    assertThat(shift.get(845)).isEqualTo(5);
    assertThat(shift.get(846)).isEqualTo(6);
    assertThat(shift.get(1378)).isEqualTo(6);
    assertThat(shift.get(1379)).isEqualTo(7);
    assertThat(shift).isSorted().endsWith(7L);
  }

  @Test
  void plentifulMemory_withoutAdjustment_keepsTheBootShift() {
    RunResult r =
        WindowsRuns.yaml(idle("256MiB", 50_000, "adjustAgingShift: false", "250s")).get(0);

    assertThat(r.timeSeries().get("windows.aging.shift")).containsOnly(3L);
  }

  @Test
  void enormousAvailable_noTrimCalledFor_noAging() {
    // 4,096 pages on 256 MiB leave about 60,000 available: MiComputeSystemTrimCriteria asks for
    // nothing, so no run ages and the shift never moves
    RunResult r = WindowsRuns.yaml(idle("256MiB", 4096, "", "100s")).get(0);

    assertThat(r.counter("windows.bsm.runs")).isEqualTo(100);
    assertThat(r.counter("windows.ws.aged")).isZero();
    assertThat(r.timeSeries().get("windows.aging.shift")).containsOnly(3L);
  }

  @Test
  void trimsFallingShort_lowerTheShift_everyTwoSeconds_notBelowThree() {
    // a hog twice the size of RAM, touched once and then at random: the manager trims all along,
    // and too few pages are old enough for its first pass, at first and again under the random
    // touches
    RunResult r =
        WindowsRuns.yaml(
                """
                name: aging-shift-down
                machine: {ram: 300MiB, swap: 1GiB}
                sampling: 500ms
                systems: [{os: windows}]
                processes:
                  - name: hog
                    workingSetMax: 1GiB
                    steps:
                      - allocate: {name: heap, size: 600MiB}
                      - touch: {region: heap, writes: 1}
                      - touch: {region: heap, pattern: random, count: 300k, writes: 0.5}
                """)
            .get(0);

    List<Long> shift = r.timeSeries().get("windows.aging.shift");
    assertThat(shift.get(0)).isEqualTo(5);
    assertThat(shift).contains(4L, 3L).doesNotContain(2L, 6L);
    assertThat(r.counter("windows.ws.trimmed")).isPositive();
  }
}
