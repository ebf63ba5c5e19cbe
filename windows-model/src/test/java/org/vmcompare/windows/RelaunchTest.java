package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;
import static org.vmcompare.windows.WindowsRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Process exit and relaunch (SEMANTICS.md, Windows; issue 9 item 4): private pages go to Free,
 * image pages stay on Standby with their section, a relaunch soft-faults them back, and once they
 * were repurposed it hard-faults them again.
 */
final class RelaunchTest {
  @Test
  void relaunch_softFaultsTheImageFromStandby_thenHardFaultsOnceRepurposed() {
    RunResult r = WindowsRuns.scenario("relaunch-standby.yaml").get(0);

    // a 16 MiB machine clusters an image's hard fault with 2 more pages (MmCodeClusterSize): the
    // cold start's sequential touch hard-faults pages 0, 3, ..., 255 (86 faults) and soft-faults
    // the 170 pages read along with them, which wait on Standby
    assertThat(process(r, "editor").majorFaults()).isEqualTo(86);
    assertThat(process(r, "editor").minorFaults()).isEqualTo(170 + 64);
    assertThat(metric(r, "editor", "page_fault_count")).isEqualTo(256 + 64);
    assertThat(process(r, "editor-again").majorFaults()).isZero();
    assertThat(process(r, "editor-again").minorFaults()).isEqualTo(256);
    assertThat(metric(r, "editor-again", "page_fault_count")).isEqualTo(256);
    assertThat(process(r, "editor-third").majorFaults()).isEqualTo(86);
    assertThat(r.counter("windows.faults.soft")).isEqualTo(170 + 256 + 170);
    assertThat(r.counter("windows.faults.hard")).isEqualTo(86 + 86);
    assertThat(r.counter("windows.faults.clustered")).isEqualTo(170 + 170);
    assertThat(r.counter("file.reads")).isEqualTo(512);
    assertThat(r.counter("swap.in")).isZero();

    assertThat(r.views().get("running").get("rammap"))
        .containsPattern("Mapped File +1,024 K")
        .containsPattern("Process Private +256 K");
    assertThat(r.views().get("running").get("vmmap/100"))
        .containsPattern("Image +1,024 K +1,024 K +0 K +1,024 K +0 K +1,024 K +0 K");
    // the editor exited: its image is on Standby (priority 5), its private pages are not
    assertThat(r.views().get("exited").get("rammap"))
        .containsPattern("Active +0 K")
        .containsPattern("Standby \\(5\\) +1,024 K")
        .containsPattern("Mapped File +1,024 K");
  }

  @Test
  void twoLiveProcesses_shareTheImagesPages_andTrimmingOneLeavesTheOther() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: shared-image
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: app.exe, size: 32pages}
                processes:
                  - name: a
                    steps:
                      - map-file: {name: code, file: app.exe, mode: image}
                      - touch: {region: code}
                      - sleep: 1ms
                      - native: {os: windows, call: EmptyWorkingSet}
                      - sleep: 1ms
                  - name: b
                    start: 500us
                    steps:
                      - map-file: {name: code, file: app.exe, mode: image}
                      - touch: {region: code}
                      - snapshot: both
                      - sleep: 1ms
                      - touch: {region: code}
                """)
            .get(0);

    // a's hard faults read 3 pages each (MmCodeClusterSize on 16 MiB): 11 of them
    assertThat(process(r, "a").majorFaults()).isEqualTo(11);
    assertThat(process(r, "b").majorFaults()).isZero();
    assertThat(process(r, "b").minorFaults()).isEqualTo(32);
    assertThat(r.views().get("both").get("vmmap/101"))
        .containsPattern("Image +128 K +128 K +0 K +128 K +0 K +128 K +128 K");
    assertThat(r.counter("windows.faults.hard")).isEqualTo(11);
  }

  @Test
  void sharedView_writesWaitOnModified_forTheNextProcess_copyOnWriteView_copies() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: views
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: data.db, size: 16pages}
                processes:
                  - name: writer
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db, writes: 1}
                      - map-file: {name: copy, file: data.db, mode: private}
                      - touch: {region: copy, writes: 1}
                  - name: reader
                    after: writer
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db}
                """)
            .get(0);

    // a data file's hard fault reads 4 more pages on 16 MiB (MmReadClusterSize): 4 faults
    assertThat(process(r, "writer").majorFaults()).isEqualTo(4);
    assertThat(r.counter("cow.copies")).isEqualTo(16);
    // at exit the 16 dirty pages of the shared view go to Modified, too few to wake the modified
    // page writer, and the run ends before the mapped page writer's 300 s timer: none is written,
    // and the reader soft-faults them from Modified with the writer's data
    assertThat(r.counter("file.writes")).isZero();
    assertThat(process(r, "reader").majorFaults()).isZero();
    assertThat(process(r, "reader").minorFaults()).isEqualTo(16);
  }
}
