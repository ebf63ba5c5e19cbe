package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmcompare.macos.MacosRuns.stat;
import static org.vmcompare.macos.MacosRuns.vmmap;

import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.metrics.RunResult;

/**
 * msync(2) of mapped files (bsd/kern/kern_mman.c msync_nocancel, osfmk/vm/vm_map.c vm_map_msync,
 * vm_object_sync): the dirty pages of a file mapped shared are written to the file, runs of
 * consecutive pages one disk write each, and left clean and mapped; MS_SYNC waits for the writes,
 * MS_ASYNC does not; MS_INVALIDATE also frees the range's pages, so the next touch reads the file.
 * Internal objects (anonymous memory, a private mapping's copies) are skipped. Every run but the
 * refused ones is replayed checked, which compares every read with the last write: a page read back
 * from the file after msync must hold what the mapping wrote.
 */
final class MsyncTest {
  private static final String DATA =
      "mapped file +\\S+ +\\[ +1024K +%s +%s +0K\\] rw-/rwx SM=PRV +data.db  \\(data\\)";

  @Test
  void msSync_writesEveryDirtyPageInOneDiskWrite_andLeavesThemResidentButClean() {
    RunResult r = MacosRuns.scenario("msync.yaml").get(0);

    assertThat(vmmap(r, "written", 100)).containsPattern(String.format(DATA, "1024K", "1024K"));
    assertThat(vmmap(r, "synced", 100)).containsPattern(String.format(DATA, "1024K", "0K"));
    assertThat(r.counter("file.writes")).isEqualTo(256);
    assertThat(r.counter("disk.writes")).isEqualTo(1); // 256 consecutive pages: one 1 MiB I/O
    assertThat(r.counter("disk.busy.ns")).isEqualTo(256 * 30_000L);
    assertThat(stat(r, "synced", "File-backed pages")).isEqualTo(256);
    assertThat(r.eventLog().stream().map(e -> e.text()))
        .contains(
            "writer[100] msync(MS_SYNC) on 'data': 256 dirty pages written in 1 disk write; it"
                + " waits for them");
  }

  @Test
  void underPressure_theSyncedPagesAreFreedWithoutAWrite_andAReaderFindsTheDataInTheFile() {
    RunResult r = MacosRuns.scenario("msync.yaml").get(0);

    // the scan freed 140 of the 256 file pages while the hog wrote, and wrote none back
    assertThat(stat(r, "pressed", "File-backed pages")).isEqualTo(116);
    assertThat(vmmap(r, "pressed", 100)).containsPattern(String.format(DATA, "464K", "0K"));
    assertThat(r.counter("macos.pageouts")).isZero();
    assertThat(stat(r, "pressed", "Pageouts")).isZero();
    assertThat(r.counter("file.writes")).isEqualTo(256); // msync's, and nothing more
    // the writer's first touch read 256 pages; the reader reads back the 180 freed by then
    assertThat(r.counter("evictions")).isEqualTo(180);
    assertThat(r.counter("faults.major")).isEqualTo(256 + 180);
    assertThat(r.counter("file.reads")).isEqualTo(256 + 180);
  }

  @Test
  void msSync_makesTheCallerWaitForItsWrites_msAsyncGoesOnAtOnce() {
    RunResult sync = MacosRuns.yaml(oneWriter("MS_SYNC")).get(0);
    RunResult async = MacosRuns.yaml(oneWriter("MS_ASYNC")).get(0);

    // 256 pages at 30 us a page: the MS_SYNC caller exits when its write completes
    assertThat(exitTime(sync) - msyncTime(sync)).isEqualTo(256 * 30_000L);
    assertThat(exitTime(async)).isEqualTo(msyncTime(async));
    assertThat(sync.counter("file.writes")).isEqualTo(256);
    assertThat(async.counter("file.writes")).isEqualTo(256);
  }

  @Test
  void runsOfConsecutiveDirtyPages_areOneDiskWriteEach_ofAtMostOneMebibyte() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: msync-runs
                machine: {ram: 32MiB}
                systems: [macos]
                files:
                  - {name: big.db, size: 2MiB}
                  - {name: holes.db, size: 256KiB}
                processes:
                  - name: writer
                    steps:
                      - map-file: {name: big, file: big.db}
                      - touch: {region: big, writes: 1}
                      - native: {os: macos, call: msync, args: {region: big, flags: MS_ASYNC}}
                      - map-file: {name: holes, file: holes.db}
                      - touch: {region: holes, size: 16pages, writes: 1}
                      - touch: {region: holes, offset: 32pages, size: 16pages, writes: 1}
                      - native:
                          os: macos
                          call: msync
                          args: {region: holes, offset: 8pages, size: 48pages, flags: MS_ASYNC}
                      - sleep: 100ms
                """)
            .get(0);

    assertThat(r.eventLog().stream().map(e -> e.text()))
        .contains(
            "writer[100] msync(MS_ASYNC) on 'big': 512 dirty pages written in 2 disk writes",
            // pages 8..15 and 32..47 of the range: two runs
            "writer[100] msync(MS_ASYNC) on 'holes': 24 dirty pages written in 2 disk writes");
    assertThat(r.counter("file.writes")).isEqualTo(512 + 24);
    assertThat(r.counter("disk.writes")).isEqualTo(4);
  }

  @Test
  void msInvalidate_writesTheDirtyPages_andFreesTheRange_inEveryMapping() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: msync-invalidate
                machine: {ram: 32MiB}
                systems: [macos]
                files:
                  - {name: data.db, size: 512KiB}
                processes:
                  - name: writer
                    steps:
                      - map-file: {name: data, file: data.db}
                      - touch: {region: data, size: 64pages, writes: 1}
                      - touch: {region: data, offset: 64pages}
                      - sleep: 10ms
                      - snapshot: written
                      - native:
                          os: macos
                          call: msync
                          args: {region: data, flags: MS_SYNC | MS_INVALIDATE}
                      - snapshot: invalidated
                      - touch: {region: data}
                      - sleep: 10ms
                  - name: other
                    start: 1ms
                    steps:
                      - map-file: {name: view, file: data.db}
                      - touch: {region: view}
                      - sleep: 30ms
                """)
            .get(0);

    String row = "mapped file +\\S+ +\\[ +512K +%s +%s +0K\\] rw-/rwx SM=SHM +data.db  \\(%s\\)";
    assertThat(vmmap(r, "written", 100))
        .containsPattern(String.format(row, "512K", "256K", "data"));
    assertThat(vmmap(r, "written", 101))
        .containsPattern(String.format(row, "512K", "256K", "view"));
    // pmap_disconnect, then freed: gone from both processes' mappings
    assertThat(vmmap(r, "invalidated", 100))
        .containsPattern(String.format(row, "0K", "0K", "data"));
    assertThat(vmmap(r, "invalidated", 101))
        .containsPattern(String.format(row, "0K", "0K", "view"));
    assertThat(r.eventLog().stream().map(e -> e.text()))
        .contains(
            "writer[100] msync(MS_SYNC | MS_INVALIDATE) on 'data': 64 dirty pages written in 1"
                + " disk write, 128 pages freed; it waits for them");
    assertThat(r.counter("file.writes")).isEqualTo(64);
    // 128 pages read at the first touch, 128 again after the invalidate: the written 64 read
    // back what the writer wrote (the checked replay compared them)
    assertThat(r.counter("faults.major")).isEqualTo(128 + 128);
  }

  /** The mapping's object is the file's vnode object, whose pages write() dirtied too. */
  @Test
  void pagesWrittenByWriteFile_areSyncedThroughAMappingOfTheFile() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: msync-write-file
                machine: {ram: 32MiB}
                systems: [macos]
                files:
                  - {name: log.dat, size: 256KiB}
                processes:
                  - name: app
                    steps:
                      - read-file: {file: log.dat}
                      - write-file: {file: log.dat, size: 16pages}
                      - map-file: {name: log, file: log.dat}
                      - native: {os: macos, call: msync, args: {region: log, flags: MS_SYNC}}
                      - native:
                          os: macos
                          call: msync
                          args: {region: log, flags: [MS_ASYNC, MS_INVALIDATE]}
                      - touch: {region: log}
                """)
            .get(0);

    assertThat(r.eventLog().stream().map(e -> e.text()))
        .contains(
            "app[100] msync(MS_SYNC) on 'log': 16 dirty pages written in 1 disk write; it waits"
                + " for them",
            "app[100] msync(MS_ASYNC | MS_INVALIDATE) on 'log': 0 dirty pages written in 0 disk"
                + " writes, 64 pages freed");
    assertThat(r.counter("file.writes")).isEqualTo(16);
    // the read-file's 64 pages, then the 64 the touch reads back: the written 16 hold write()'s
    // data (the checked replay compared them)
    assertThat(r.counter("file.reads")).isEqualTo(64 + 64);
    assertThat(r.counter("faults.major")).isEqualTo(64);
  }

  @Test
  void aPrivateMappingsCopiesAndAnonymousMemory_areNotSynced_andTheCallSucceeds() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: msync-private
                machine: {ram: 32MiB}
                systems: [macos]
                files:
                  - {name: data.db, size: 256KiB}
                processes:
                  - name: app
                    steps:
                      - map-file: {name: copy, file: data.db, mode: private}
                      - touch: {region: copy, writes: 1}
                      - native: {os: macos, call: msync, args: {region: copy, flags: MS_SYNC}}
                      - allocate: {name: heap, size: 64pages}
                      - touch: {region: heap, writes: 1}
                      - native: {os: macos, call: msync, args: {region: heap, flags: MS_SYNC}}
                """)
            .get(0);

    assertThat(r.counter("file.writes")).isZero();
    assertThat(r.counter("disk.writes")).isZero();
    assertThat(r.eventLog().stream().map(e -> e.text()))
        .contains(
            "app[100] msync(MS_SYNC) on 'copy': its object is the shadow holding the private"
                + " mapping's copies, an internal object, which vm_map_msync does not sync:"
                + " nothing is written",
            "app[100] msync(MS_SYNC) on 'heap': its object is anonymous memory, an internal"
                + " object, which vm_map_msync does not sync: nothing is written");
    assertThat(r.counters()).doesNotContainKey("ops.failed.native macos.msync");
  }

  @Test
  void msAsyncWithMsSync_isRefusedAtLoad_namingTheKey_asMsync2AnswersEinval() {
    assertThatThrownBy(() -> MacosRuns.unchecked(badFlags("MS_ASYNC | MS_SYNC")))
        .isInstanceOf(InputError.class)
        .hasMessage(
            "test.yaml:8:9: processes[0].steps[1].native.args.flags: MS_ASYNC and MS_SYNC together"
                + " contradict each other (msync(2) answers EINVAL)");
  }

  @Test
  void aFlagTheModelHasNot_isRefusedAtLoad_namingTheKey() {
    assertThatThrownBy(() -> MacosRuns.unchecked(badFlags("MS_SYNC|MS_KILLPAGES")))
        .isInstanceOf(InputError.class)
        .hasMessage(
            "test.yaml:8:9: processes[0].steps[1].native.args.flags: MS_KILLPAGES is not one the"
                + " model has (MS_ASYNC, MS_SYNC, MS_INVALIDATE)");
  }

  @Test
  void msyncWithoutFlags_isRefusedAtLoad_namingTheKey() {
    String yaml =
        """
        name: no-flags
        systems: [macos]
        files: [{name: data.db, size: 64KiB}]
        processes:
          - name: app
            steps:
              - map-file: {name: data, file: data.db}
              - native: {os: macos, call: msync, args: {region: data}}
        """;

    assertThatThrownBy(() -> MacosRuns.unchecked(yaml))
        .isInstanceOf(InputError.class)
        .hasMessage(
            "test.yaml:8:9: processes[0].steps[1].native.args.flags: required (MS_ASYNC or"
                + " MS_SYNC, and MS_INVALIDATE if wanted)");
  }

  @Test
  void aRangeOutsideTheRegionOrAnUnknownName_isBadInputAtLoad_andAnUnmappedRegionIsEnomem() {
    assertThatThrownBy(
            () ->
                MacosRuns.unchecked(
                    """
                    name: bad-range
                    systems: [macos]
                    files: [{name: data.db, size: 64KiB}]
                    processes:
                      - name: app
                        steps:
                          - map-file: {name: data, file: data.db}
                          - native:
                              os: macos
                              call: msync
                              args: {region: data, offset: 12pages, size: 8pages, flags: MS_SYNC}
                    """))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(
            "native.args.size: offset 12pages plus 8pages goes past the end of 'data'");
    assertThatThrownBy(
            () ->
                MacosRuns.unchecked(
                    """
                    name: no-region
                    systems: [macos]
                    processes:
                      - name: app
                        steps:
                          - allocate: {name: heap, size: 4pages}
                          - native: {os: macos, call: msync, args: {region: haep, flags: MS_SYNC}}
                    """))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("test.yaml:7:57:")
        .hasMessageContaining("native.args.region: no step maps a region named 'haep'")
        .hasMessageContaining("existing here: heap");
    RunResult unmapped =
        MacosRuns.unchecked(
                """
                name: unmapped-region
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: gone, size: 4pages}
                      - unmap: {region: gone}
                      - native: {os: macos, call: msync, args: {region: gone, flags: MS_SYNC}}
                """)
            .get(0);

    assertThat(unmapped.ok()).isTrue();
    assertThat(unmapped.counter("ops.failed.native macos.msync")).isEqualTo(1);
    assertThat(unmapped.eventLog().stream().map(e -> e.text()))
        .contains("app[100] native macos.msync failed: ENOMEM no mapping named 'gone'");
  }

  private static String oneWriter(String flags) {
    return """
        name: msync-wait
        machine: {ram: 32MiB}
        systems: [macos]
        files:
          - {name: data.db, size: 1MiB}
        processes:
          - name: writer
            steps:
              - map-file: {name: data, file: data.db}
              - touch: {region: data, writes: 1}
              - native: {os: macos, call: msync, args: {region: data, flags: FLAGS}}
              - exit
        """
        .replace("FLAGS", flags);
  }

  private static String badFlags(String flags) {
    return """
        name: bad-flags
        systems: [macos]
        files: [{name: data.db, size: 64KiB}]
        processes:
          - name: app
            steps:
              - map-file: {name: data, file: data.db}
              - native: {os: macos, call: msync, args: {region: data, flags: "FLAGS"}}
        """
        .replace("FLAGS", flags);
  }

  private static long msyncTime(RunResult r) {
    return time(r, "writer[100] msync(");
  }

  private static long exitTime(RunResult r) {
    return time(r, "writer[100] exited");
  }

  private static long time(RunResult r, String prefix) {
    return r.eventLog().stream()
        .filter(e -> e.text().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no log line " + prefix + " in " + r.eventLog()))
        .timeNs();
  }
}
