package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.MacosRuns.metric;
import static org.vmcompare.macos.MacosRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * No shared zero page on macOS (SEMANTICS.md, macOS; issue 10 item 2): reading untouched anonymous
 * memory claims and zeroes a real page for each page read, and the footprint counts them. The
 * comparison with Linux on the same file is cli's ZeroPageComparisonTest.
 */
final class ZeroFillTest {
  @Test
  void readingUntouchedMemory_zeroFillsRealPages_andTheFootprintCountsThem() {
    // configs/scenarios/macos/zero-fill.yaml without its Linux column (not in this module)
    RunResult r =
        MacosRuns.yaml(
                """
                name: macos-zero-fill
                machine: {ram: 32MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: reader
                    steps:
                      - allocate: {name: buf, size: 256pages}
                      - touch: {region: buf}
                      - snapshot: read
                      - touch: {region: buf, size: 64pages, writes: 1}
                      - snapshot: written
                """)
            .get(0);

    assertThat(r.counter("zero.fills")).isEqualTo(256);
    assertThat(r.counter("cow.copies")).isZero();
    // 256 read faults, then the 64 writes find their pages already writable: no fault
    assertThat(process(r, "reader").minorFaults()).isEqualTo(256);
    assertThat(r.views().get("read").get("vm_stat")).containsPattern("Anonymous pages: +256\\.");
    // resident but clean: vm_fault_zero_page sets no dirty bit, only the writes do
    assertThat(r.views().get("read").get("vmmap/100"))
        .containsPattern("\\[ +1024K +1024K +0K +0K\\] rw-/rwx SM=PRV +buf");
    assertThat(r.views().get("written").get("vmmap/100"))
        .containsPattern("\\[ +1024K +1024K +256K +0K\\] rw-/rwx SM=PRV +buf");
    // the footprint: 256 internal pages and the page-table pages (4 levels, one table each)
    assertThat(metric(r, "reader", "footprint.peak")).isEqualTo(256 + 4);
    assertThat(r.views().get("read").get("vmmap/100"))
        .contains("Physical footprint:         1040K\n")
        .contains("Physical footprint (peak):  1040K\n");
    // at exit the task's pmap goes: its footprint is 0, its peak stays
    assertThat(metric(r, "reader", "footprint")).isZero();
  }
}
