package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The mapped page writer (SEMANTICS.md, Windows: a shared page at share count 0 goes to Modified
 * when dirty; the WRK's MiGatherMappedPages and MmModifiedPageLifeInSeconds): a file page dirtied
 * through a shared view waits on the Modified list, is written to its file in clusters of
 * consecutive pages, and only then goes to Standby; a page faulted back while it is written stays
 * in its working set. Every run is replayed in checked mode, where each read is compared with the
 * last write and the audit checks that a file page on Modified is dirty and one on Standby clean.
 */
final class MappedPageWriterTest {
  private static final String MAPPED_FILE_ROW = "Mapped File +256 K +%s +%s +%s +0 K +%s";

  @Test
  void dirtyFilePages_waitOnModified_untilTheTimerWritesThemInClusters() {
    RunResult r = WindowsRuns.scenario("mapped-page-writer.yaml").get(0);

    // after EmptyWorkingSet: 64 pages on Modified, counted as Cached and as Mapped File
    assertThat(r.views().get("modified").get("rammap"))
        .containsPattern(String.format(MAPPED_FILE_ROW, "0 K", "0 K", "256 K", "0 K"));
    assertThat(r.views().get("modified").get("taskmgr"))
        .containsPattern("Cached +256 K")
        .containsPattern("Modified +256 K");
    // 300 s later the timer wrote them: clean on Standby
    assertThat(r.views().get("written").get("rammap"))
        .containsPattern(String.format(MAPPED_FILE_ROW, "0 K", "256 K", "0 K", "0 K"));
    assertThat(r.counter("file.writes")).isEqualTo(64);
    assertThat(r.counter("windows.mappedWrites")).isEqualTo(64);
    assertThat(r.counter("disk.writes")).isEqualTo(4); // 16 consecutive pages a write
    assertThat(r.counter("swap.out")).isZero();
    // the writer's hard faults read 5 pages each (a data file's MmReadClusterSize on 16 MiB is 4):
    // 13 of them, and 51 soft faults on the pages read along; the reader finds every page on
    // Standby: soft faults, no read
    assertThat(process(r, "writer").majorFaults()).isEqualTo(13);
    assertThat(process(r, "writer").minorFaults()).isEqualTo(51);
    assertThat(process(r, "reader").majorFaults()).isZero();
    assertThat(process(r, "reader").minorFaults()).isEqualTo(64);
    assertThat(r.counter("file.reads")).isEqualTo(64);
  }

  @Test
  void theModifiedPageWriter_writesPagefileAndFilePages_eachToItsOwnDestination() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: mixed-modified
                machine: {ram: 16MiB, swap: 16MiB}
                systems:
                  - os: windows
                    options: {scaleToMachine: false, modifiedWriteThreshold: 100}
                files:
                  - {name: data.db, size: 64pages}
                processes:
                  - name: writer
                    steps:
                      - allocate: {name: heap, size: 48pages}
                      - touch: {region: heap, writes: 1}
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db, writes: 1}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - snapshot: writing
                      - sleep: 10ms
                      - snapshot: written
                """)
            .get(0);

    // 112 Modified pages pass the threshold of 100: 7 clusters, 3 to the pagefile, 4 to the file;
    // the pagefile has two MDLs (MM_PAGING_FILE_MDLS), so its third cluster waits on Modified
    // until one of the first two writes completes
    assertThat(r.counter("swap.out")).isEqualTo(48);
    assertThat(r.counter("file.writes")).isEqualTo(64);
    assertThat(r.counter("windows.mappedWrites")).isEqualTo(64);
    assertThat(r.counter("disk.writes")).isEqualTo(7);
    assertThat(r.counter("disk.queue.max")).isEqualTo(6);
    assertThat(r.views().get("writing").get("rammap"))
        .containsPattern(String.format(MAPPED_FILE_ROW, "0 K", "0 K", "0 K", "256 K"))
        .containsPattern("Process Private +192 K +0 K +0 K +64 K +0 K +128 K");
    assertThat(r.views().get("written").get("rammap"))
        .containsPattern(String.format(MAPPED_FILE_ROW, "0 K", "256 K", "0 K", "0 K"))
        .containsPattern("Process Private +192 K +0 K +192 K +0 K +0 K +0 K");
  }

  @Test
  void aPageFaultedBackWhileItIsWritten_staysInTheWorkingSet() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: faulted-back
                machine: {ram: 16MiB, swap: 16MiB}
                systems:
                  - os: windows
                    options: {scaleToMachine: false, modifiedWriteThreshold: 64}
                files:
                  - {name: data.db, size: 64pages}
                processes:
                  - name: writer
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db, writes: 1}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - touch: {region: db}
                      - sleep: 10ms
                      - snapshot: after-the-writes
                      - touch: {region: db, writes: 1}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - sleep: 10ms
                  - name: reader
                    after: writer
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db}
                """)
            .get(0);

    // the writes started at once (64 Modified pages); the read touches took every page back
    // from the Transition list, and the writes' completions left them in the working set
    assertThat(process(r, "writer").majorFaults()).isEqualTo(13); // 5 pages a read
    assertThat(process(r, "writer").minorFaults()).isEqualTo(51 + 64);
    assertThat(r.views().get("after-the-writes").get("rammap"))
        .containsPattern(String.format(MAPPED_FILE_ROW, "256 K", "0 K", "0 K", "0 K"));
    // written twice, the second time with the second touch's data, which the reader reads
    assertThat(r.counter("file.writes")).isEqualTo(128);
    assertThat(process(r, "reader").majorFaults()).isZero();
  }

  @Test
  void emptyStandbyList_leavesDirtyFilePagesOnModified_andTheDataInRam() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: drop-modified
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: data.db, size: 32pages}
                processes:
                  - name: writer
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db, writes: 1, size: 16pages}
                      - touch: {region: db, offset: 16pages}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - drop-caches
                      - snapshot: dropped
                  - name: reader
                    after: writer
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - touch: {region: db}
                """)
            .get(0);

    // RAMMap's Empty Standby List freed the 16 clean pages; the 16 written ones stay on Modified
    assertThat(r.views().get("dropped").get("rammap"))
        .containsPattern("Mapped File +64 K +0 K +0 K +64 K +0 K +0 K");
    // the reader soft-faults the written pages from Modified and reads the others from the file,
    // 5 pages a read (pages 16, 21, 26 and 31 fault hard, the 12 read along with them soft)
    assertThat(process(r, "reader").minorFaults()).isEqualTo(16 + 12);
    assertThat(process(r, "reader").majorFaults()).isEqualTo(4);
    assertThat(r.counter("file.writes")).isZero();
  }
}
