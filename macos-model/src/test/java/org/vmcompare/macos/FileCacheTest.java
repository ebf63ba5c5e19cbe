package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.CompressorTest.stat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The unified buffer cache (SEMANTICS.md: "read/write a file ... read/write via unified buffer
 * cache", "drop caches ... purge"): read() and write() use the pages of the file's vnode object,
 * which mmap maps too; a cold read streams cluster by cluster while other processes run; purge
 * writes dirty pages back and frees the cache.
 */
final class FileCacheTest {
  @Test
  void readTwiceThenMap_onlyTheFirstReadTouchesTheDisk_andPurgeWritesBackThenFrees() {
    RunResult r = MacosRuns.scenario("file-cache.yaml").get(0);

    String cold = r.views().get("cold").get("vm_stat");
    assertThat(stat(cold, "Pageins")).isEqualTo(1024);
    assertThat(stat(cold, "File-backed pages")).isEqualTo(1024);
    // cluster_read_copy commits what it read to inactive (UPL_COMMIT_INACTIVATE)
    assertThat(stat(cold, "Pages inactive")).isEqualTo(1024);
    assertThat(stat(cold, "Pages active")).isZero();
    String warm = r.views().get("warm").get("vm_stat");
    assertThat(stat(warm, "Pageins")).isEqualTo(1024);
    assertThat(stat(warm, "Pages free")).isEqualTo(stat(cold, "Pages free"));
    // the mapping finds the read's pages: 1,024 faults, no disk read
    String mapped = r.views().get("mapped").get("vm_stat");
    assertThat(stat(mapped, "Pageins")).isEqualTo(1024);
    assertThat(stat(mapped, "\"Translation faults\"")).isEqualTo(1024);
    assertThat(stat(mapped, "Pages active")).isEqualTo(1024);
    assertThat(r.views().get("mapped").get("vmmap/100"))
        .containsPattern("mapped file +\\S+ +\\[  4096K  4096K     0K     0K\\] rw-/rwx SM=PRV");
    // a write of whole pages reads nothing: 256 more file pages, dirty on inactive
    String written = r.views().get("written").get("vm_stat");
    assertThat(stat(written, "Pageins")).isEqualTo(1024);
    assertThat(stat(written, "File-backed pages")).isEqualTo(1280);
    assertThat(stat(written, "Pages inactive")).isEqualTo(256);
    // purge: the 256 dirty pages written back, all 1,280 freed, the mapped ones too
    String purged = r.views().get("purged").get("vm_stat");
    assertThat(stat(purged, "File-backed pages")).isZero();
    assertThat(stat(purged, "Pages free")).isEqualTo(stat(written, "Pages free") + 1280);
    assertThat(r.counter("file.writes")).isEqualTo(256);
    assertThat(r.eventLog().stream().map(e -> e.text()))
        .contains("macos: purge: 256 dirty file pages written back, 1280 pages freed");
    // the mapping's next touch reads the disk again
    assertThat(r.counter("faults.major")).isEqualTo(64);
    assertThat(r.counter("file.reads")).isEqualTo(1024 + 64);
  }

  @Test
  void mapThenRead_theReadFindsTheMappedPages() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: map-then-read
                machine: {ram: 32MiB, swap: 32MiB}
                systems: [macos]
                files:
                  - {name: data.db, size: 1MiB}
                processes:
                  - name: p
                    steps:
                      - map-file: {name: data, file: data.db}
                      - touch: {region: data, size: 128pages}
                      - read-file: {file: data.db}
                      - snapshot: read
                """)
            .get(0);

    // the faults read 128 pages; the read() reads only the other 128
    assertThat(r.counter("faults.major")).isEqualTo(128);
    assertThat(r.counter("file.reads")).isEqualTo(256);
    assertThat(r.counter("disk.reads")).isEqualTo(1);
    String read = r.views().get("read").get("vm_stat");
    assertThat(stat(read, "File-backed pages")).isEqualTo(256);
    // vm_page_lru: the read moves every page it copied to inactive, the mapped ones too
    assertThat(stat(read, "Pages inactive")).isEqualTo(256);
  }

  @Test
  void coldReadOfEightMib_streamsClusterByCluster_whileAnotherProcessRuns() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: streaming
                machine: {ram: 32MiB, swap: 32MiB}
                systems: [macos]
                files:
                  - {name: big.dat, size: 8MiB}
                processes:
                  - name: reader
                    steps:
                      - read-file: {file: big.dat}
                  - name: worker
                    steps:
                      - allocate: {name: heap, size: 256KiB}
                      - touch: {region: heap, writes: 1}
                      - snapshot: worked
                """)
            .get(0);

    // 2,048 pages in clusters of 1 MiB: 8 disk reads
    assertThat(r.counter("file.reads")).isEqualTo(2048);
    assertThat(r.counter("disk.reads")).isEqualTo(8);
    // the worker finished while the reader waited for its first cluster
    String worked = r.views().get("worked").get("vm_stat");
    assertThat(stat(worked, "Pageins")).isEqualTo(256);
    assertThat(stat(worked, "Pages zero filled")).isEqualTo(64);
  }

  @Test
  void readsAndWritesLargerThanMemory_recycleCachePages_andTheScanWritesBackTheDirtyOnes() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: cache-pressure
                machine: {ram: 8MiB, swap: 0}
                systems: [macos]
                files:
                  - {name: movie.mov, size: 16MiB}
                  - {name: out.dat, size: 4KiB}
                processes:
                  - name: p
                    steps:
                      - read-file: {file: movie.mov}
                      - read-file: {file: movie.mov}
                      - write-file: {file: out.dat, size: 16MiB}
                      - snapshot: end
                """)
            .get(0);

    // 4,096 pages in 1,792 frames, in LRU order on inactive: the second read misses every page
    assertThat(r.counter("file.reads")).isEqualTo(8192);
    assertThat(r.counter("faults.major")).isZero();
    assertThat(r.counter("evictions")).isGreaterThan(8192 - 1792);
    // the 4,096 pages written: each either written back by the scan or still resident, dirty
    String end = r.views().get("end").get("vm_stat");
    assertThat(r.counter("macos.pageouts")).isEqualTo(r.counter("file.writes")).isPositive();
    assertThat(r.counter("macos.pageouts") + stat(end, "File-backed pages")).isEqualTo(4096);
    assertThat(stat(end, "Pageouts")).isEqualTo(r.counter("macos.pageouts"));
    assertThat(r.counter("macos.compressions")).isZero();
  }

  @Test
  void reserveThenCommit_makesOnlyTheCommittedPartsUsable_andVmmapShowsThemApart() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: reserve-commit
                machine: {ram: 32MiB, swap: 32MiB}
                systems: [macos]
                processes:
                  - name: arena
                    steps:
                      - allocate: {name: arena, size: 64MiB, reserve: true}
                      - commit: {region: arena, size: 4MiB}
                      - touch: {region: arena, size: 4MiB, writes: 1}
                      - commit: {region: arena, offset: 4MiB, size: 4MiB}
                      - touch: {region: arena, offset: 4MiB, size: 4MiB, writes: 1}
                      - snapshot: end
                      - touch: {region: arena, offset: 8MiB, size: 1pages}
                """)
            .get(0);

    assertThat(r.counter("zero.fills")).isEqualTo(2048);
    // a page never committed is still PROT_NONE
    assertThat(r.counter("segfaults")).isEqualTo(1);
    assertThat(MacosRuns.process(r, "arena").endReason()).startsWith("segmentation fault: read");
    String vmmap = r.views().get("end").get("vmmap/100");
    assertThat(vmmap)
        .containsPattern("VM_ALLOCATE +\\S+ +\\[  8192K  8192K  8192K     0K\\] rw-/rwx SM=PRV")
        .containsPattern("VM_ALLOCATE +\\S+ +\\[  56.0M     0K     0K     0K\\] ---/rwx SM=NUL");
  }
}
