package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.MacosRuns.shareModes;
import static org.vmcompare.macos.MacosRuns.vmmap;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.vm.MemoryObject;

/**
 * The reference paging in progress takes off an object's count in vmmap's share mode (xnu vm_map.c,
 * vm_map_region_walk / vm_map_region_recurse_64; issue 10 item 3): a file mapped twice by one task
 * shows ALI while a writeback of its page is in flight (the vmmap line of
 * sources/000_aa5dd98641f80983.txt) and S/A once it is done, whether msync, purge or the pageout
 * scan queued the write; a file mapped once stays PRV; an object with one reference keeps it (the
 * "> 1" guard).
 */
final class PagingInProgressTest {
  /** A row of the file {@code data}: SHRMOD, DIRTY and the mapping's suffix. */
  private static final String DATA =
      "mapped file +\\w+-\\w+ +\\[ +16K +16K +%s +0K\\] rw-/rwx SM=%s +data  \\(data-%s\\)\\n";

  @Test
  void aFileMappedTwice_whileMsyncsWriteIsInFlight_isAliased() {
    RunResult r = MacosRuns.scenario("paging-in-progress.yaml").get(0);

    // 3 references (the vnode's and 2 entries), less the paging one: 2, both this task's
    assertThat(shareModes(r, "writing", 100, "data-a")).containsExactly("ALI");
    assertThat(shareModes(r, "writing", 100, "data-b")).containsExactly("ALI");
    assertThat(vmmap(r, "writing")).containsPattern(String.format(DATA, "16K", "ALI", "a"));
  }

  @Test
  void aPageBeingWritten_staysDirtyInVmmap_untilTheWriteCompletes() {
    RunResult r = MacosRuns.scenario("paging-in-progress.yaml").get(0);

    // XNU keeps vmp_dirty through the write (vm_object_upl_request) and clears it at the UPL's
    // commit: DIRTY 16K while the write is in flight, as the source's line shows, 0K after
    assertThat(vmmap(r, "writing")).containsPattern(String.format(DATA, "16K", "ALI", "b"));
    assertThat(vmmap(r, "written")).containsPattern(String.format(DATA, "0K", "S/A", "a"));
    assertThat(vmmap(r, "writing"))
        .containsPattern("mapped file +\\w+-\\w+ +\\[ +16K +16K +16K +0K\\] rw-/rwx SM=PRV +notes");
    assertThat(vmmap(r, "written"))
        .containsPattern("mapped file +\\w+-\\w+ +\\[ +16K +16K +0K +0K\\] rw-/rwx SM=PRV +notes");
  }

  @Test
  void aFileMappedTwice_afterTheWriteCompleted_isSharedAliased() {
    RunResult r = MacosRuns.scenario("paging-in-progress.yaml").get(0);

    assertThat(shareModes(r, "written", 100, "data-a")).containsExactly("S/A");
    assertThat(shareModes(r, "written", 100, "data-b")).containsExactly("S/A");
    assertThat(vmmap(r, "written")).containsPattern(String.format(DATA, "0K", "S/A", "b"));
    // the two msyncs' writes, one 16 KiB page each at 120 us, both completed
    assertThat(r.counter("file.writes")).isEqualTo(2);
    assertThat(r.counter("disk.writes")).isEqualTo(2);
    assertThat(r.counter("disk.busy.ns")).isEqualTo(2 * 120_000L);
  }

  @Test
  void aFileMappedOnce_whilePaging_staysPrivate() {
    RunResult r = MacosRuns.scenario("paging-in-progress.yaml").get(0);

    // 2 - 1 = 1 reference while its write is in flight: PRIVATE; after, the file-mapped-once rule
    assertThat(shareModes(r, "writing", 100, "notes-once")).containsExactly("PRV");
    assertThat(shareModes(r, "written", 100, "notes-once")).containsExactly("PRV");
  }

  @Test
  void anonymousMemoryWithOneReference_isPrivate_whileFilesArePaging() {
    RunResult r = MacosRuns.scenario("paging-in-progress.yaml").get(0);

    assertThat(shareModes(r, "writing", 100, "heap")).containsExactly("PRV");
    assertThat(shareModes(r, "written", 100, "heap")).containsExactly("PRV");
  }

  @Test
  void anObjectWithOneReference_underPaging_keepsIt() {
    // No object a vmmap view can reach has one reference while paging is in progress in this
    // model (a file's object holds the vnode's and each entry's; only file writebacks page), so
    // the "> 1" guard is checked on the count itself.
    MemoryObject obj = new MemoryObject(1, MemoryObject.Kind.ANONYMOUS, "heap", 1, null);
    obj.ref();
    ObjState.of(obj).pagingInProgress = 1;

    assertThat(ShareMode.refCount(obj)).isEqualTo(1);

    obj.ref();
    assertThat(ShareMode.refCount(obj)).isEqualTo(1);
    ObjState.of(obj).pagingInProgress = 0;
    assertThat(ShareMode.refCount(obj)).isEqualTo(2);
  }

  @Test
  void aFileMappedTwice_whilePurgesWriteIsInFlight_isAliased_andSharedAliasedAfter() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: purge-paging
                machine: {ram: 32MiB, swap: 0}
                systems: [macos]
                files:
                  - {name: data, size: 4pages}
                processes:
                  - name: app
                    steps:
                      - map-file: {name: data-a, file: data}
                      - map-file: {name: data-b, file: data}
                      - touch: {region: data-a, writes: 1}
                      - drop-caches
                      - snapshot: purging
                      - sleep: 1ms
                      - snapshot: purged
                """)
            .get(0);

    // purge wrote the 4 dirty pages in one write (120 us) and freed them; the object stays
    assertThat(shareModes(r, "purging", 100, "data-a")).containsExactly("ALI");
    assertThat(shareModes(r, "purged", 100, "data-a")).containsExactly("S/A");
    assertThat(r.counter("disk.writes")).isEqualTo(1);
  }

  @Test
  void aFileMappedTwice_whileThePageoutScansWritebacksAreInFlight_isAliased() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: pageout-paging
                machine: {ram: 8MiB, kernel: 1MiB, swap: 32MiB}
                systems: [macos]
                files:
                  - {name: data, size: 1MiB}
                processes:
                  - name: writer
                    steps:
                      - map-file: {name: data-a, file: data}
                      - map-file: {name: data-b, file: data}
                      - touch: {region: data-a, writes: 1}
                      - sleep: 1s
                  - name: hog
                    start: 100ms
                    steps:
                      - allocate: {name: heap, size: 7MiB}
                      - touch: {region: heap, writes: 1}
                      - snapshot: pressed
                      - sleep: 500ms
                      - snapshot: later
                """)
            .get(0);

    // the scan wrote 140 dirty file pages one disk write each (30 us apiece, queued up to 35
    // deep): writes were still in flight when the hog's touch ended, none 500 ms later
    assertThat(r.counter("macos.pageouts")).isEqualTo(140);
    assertThat(shareModes(r, "pressed", 100, "data-a")).containsExactly("ALI");
    assertThat(shareModes(r, "later", 100, "data-a")).containsExactly("S/A");
  }
}
