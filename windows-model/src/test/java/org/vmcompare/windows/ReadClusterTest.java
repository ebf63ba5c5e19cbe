package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Read clustering on a hard fault in a mapped file (the WRK's MiResolveMappedFileFault,
 * base/ntos/mm/pagfault.c): up to MmReadClusterSize (7 above 19 MB) more pages, first after the
 * faulting one, then before it, never across a page of prototype PTEs (512 of them), read in the
 * same disk read and left on Standby.
 */
final class ReadClusterTest {
  @Test
  void aHardFault_readsAlongTheNextPages_thenThePreviousOnes_withinOnePageOfPrototypePtes() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: read-cluster
                machine: {ram: 64MiB, swap: 64MiB}
                systems: [windows]
                files:
                  - {name: data.db, size: 1024pages}
                processes:
                  - name: reader
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db, offset: 510pages, size: 1pages}
                      - snapshot: one-fault
                      - touch: {region: db, offset: 504pages, size: 8pages}
                      - touch: {region: db, offset: 512pages, size: 8pages}
                """)
            .get(0);

    // page 510's fault reads 511 (512 starts the next page of prototype PTEs) and then 509 back
    // to 504: 8 pages in one read, 7 of them on Standby
    assertThat(r.views().get("one-fault").get("rammap")).containsPattern("Standby \\(5\\) +28 K");
    // pages 504..511 are then 7 soft faults; page 512's fault reads 513..519 forward
    assertThat(process(r, "reader").majorFaults()).isEqualTo(2);
    assertThat(process(r, "reader").minorFaults()).isEqualTo(7 + 7);
    assertThat(r.counter("windows.faults.clustered")).isEqualTo(14);
    assertThat(r.counter("file.reads")).isEqualTo(16);
    assertThat(r.counter("disk.reads")).isEqualTo(2);
  }
}
