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
 * gauge {@code windows.aging.shift} samples the shift.
 */
final class AgingShiftTest {
  /** One process of 4,096 pages that then sleeps: memory plentiful, every run only ages. */
  private static String idle(String ram, String options, String sleep) {
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
              - allocate: {name: heap, size: 4096pages}
              - touch: {region: heap}
              - sleep: %s
        """
        .formatted(ram, options, sleep);
  }

  @Test
  void bootShift_byMachineSize_threeUpTo257MbElseFive() {
    RunResult small = WindowsRuns.yaml(idle("256MiB", "", "1500ms")).get(0);
    RunResult large = WindowsRuns.yaml(idle("512MiB", "", "1500ms")).get(0);
    RunResult set = WindowsRuns.yaml(idle("512MiB", "agingShift: 4", "1500ms")).get(0);

    // one balance set manager run (at 1 s), which ages 4,096 >> shift entries
    assertThat(small.counter("windows.bsm.runs")).isEqualTo(1);
    assertThat(small.counter("windows.ws.aged")).isEqualTo(4096 >> 3);
    assertThat(large.counter("windows.ws.aged")).isEqualTo(4096 >> 5);
    assertThat(set.counter("windows.ws.aged")).isEqualTo(4096 >> 4);
    assertThat(small.timeSeries().get("windows.aging.shift")).startsWith(3L);
    assertThat(large.timeSeries().get("windows.aging.shift")).startsWith(5L);
  }

  @Test
  void plentifulMemory_raisesTheShift_onceAMinute_upToSeven() {
    RunResult r = WindowsRuns.yaml(idle("256MiB", "", "250s")).get(0);

    List<Long> shift = r.timeSeries().get("windows.aging.shift");
    // samples at 0 s, 1 s, ...; the run at k s sees k s since the last change: up when > 60 s
    assertThat(shift.get(61)).isEqualTo(4);
    assertThat(shift.get(60)).isEqualTo(3);
    assertThat(shift.get(122)).isEqualTo(5);
    assertThat(shift.get(121)).isEqualTo(4);
    assertThat(shift.get(183)).isEqualTo(6);
    assertThat(shift.get(244)).isEqualTo(7);
    assertThat(shift).isSorted().endsWith(7L);
  }

  @Test
  void plentifulMemory_withoutAdjustment_keepsTheBootShift() {
    RunResult r = WindowsRuns.yaml(idle("256MiB", "adjustAgingShift: false", "250s")).get(0);

    assertThat(r.timeSeries().get("windows.aging.shift")).containsOnly(3L);
  }

  @Test
  void trimsFallingShort_lowerTheShift_everyTwoSeconds_notBelowThree() {
    // a hog twice the size of RAM, touched three times: the manager trims all along, and at first
    // too few pages are old enough for its first pass
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
                      - touch: {region: heap, writes: 1, passes: 3}
                """)
            .get(0);

    List<Long> shift = r.timeSeries().get("windows.aging.shift");
    assertThat(shift.get(0)).isEqualTo(5);
    assertThat(shift).contains(4L, 3L).doesNotContain(2L, 6L);
    assertThat(r.counter("windows.ws.trimmed")).isPositive();
  }
}
