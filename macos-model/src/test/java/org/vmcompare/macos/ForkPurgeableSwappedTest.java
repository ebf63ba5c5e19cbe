package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * fork of a task whose purgeable memory is in a swapfile (SEMANTICS.md, macOS: "fork", "Purgeable
 * memory", "Compressor"; issue 10 item 7): vm_map_fork copies a purgeable (copy-none) object at
 * once with vm_object_copy_slowly, whose vm_fault_page reads a swapped-out compressor segment back
 * from the disk before it copies the page. The parent waits for each read; the child gets every
 * page as the parent wrote it (the checked replay compares each of the child's reads).
 */
final class ForkPurgeableSwappedTest {
  private static final String READ_BACK =
      "app[100] fork: a page of purgeable 'cache' is in a swapfile: its compressor segment is read"
          + " back before the copy";

  @Test
  void forkReadsTheSwappedSegmentsBack_thenCopiesEveryPage_forTheChild() {
    RunResult r = MacosRuns.scenario("fork-purgeable-swapped.yaml").get(0);

    // before the fork, all 1,024 pages of the cache were compressed, most in a swapfile
    assertThat(r.views().get("before-fork").get("vmmap/100"))
        .containsPattern("\\[ +4096K +0K +0K +4096K\\] rw-/rwx SM=PRV N +cache");
    // the fork read the segments back, one disk read each, and nobody else swapped in
    List<Long> reads =
        r.eventLog().stream().filter(e -> e.text().equals(READ_BACK)).map(e -> e.timeNs()).toList();
    assertThat(reads).hasSize(8);
    assertThat(r.counter("disk.reads")).isEqualTo(reads.size());
    assertThat(r.counter("swap.in")).isEqualTo(512);
    assertThat(r.counter("faults.major")).isZero();
    // the parent waited for each read before it looked for the next swapped page
    for (int i = 1; i < reads.size(); i++) {
      assertThat(reads.get(i) - reads.get(i - 1)).as("wait for read " + i).isGreaterThan(1_000_000);
    }
    // then every page was copied once, into the child's plain (not purgeable) object
    assertThat(r.counter("macos.fork.copies")).isEqualTo(1024);
    assertThat(r.counter("cow.copies")).isZero();
    assertThat(r.views().get("forked").get("vmmap/102"))
        .containsPattern("\\[ +4096K +\\S+ +\\S+ +\\S+\\] rw-/rwx SM=PRV +cache");
    // the parent's cache is still its purgeable object, in its footprint, wherever its pages are
    assertThat(r.views().get("forked").get("vmmap/100"))
        .contains("Physical footprint:         4100K\n")
        .containsPattern("\\[ +4096K +\\S+ +\\S+ +\\S+\\] rw-/rwx SM=PRV N +cache");
    // the child read all 1,024 pages (compared with the parent's writes by the checked replay)
    assertThat(r.counter("reads")).isEqualTo(1024);
  }

  /**
   * Forking a purgeable object larger than memory: the scans that find frames for the copy send
   * segments of pages not yet copied to a swapfile, so the copy starts again after reading them
   * back; it completes once, and the child reads every page as the parent wrote it.
   */
  @Test
  void forkOfPurgeableMemoryLargerThanRam_restartsItsCopyAfterEachReadBack_andCompletesOnce() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: fork-larger-than-ram
                machine: {ram: 8MiB, kernel: 1MiB, swap: 64MiB}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: cache, size: 8MiB, purgeable: true}
                      - touch: {region: cache, writes: 1, compressibility: 0.5}
                      - fork: {name: child, steps: [{touch: {region: cache}}]}
                      - touch: {region: cache, writes: 0.5}
                """)
            .get(0);

    List<String> log = r.eventLog().stream().map(e -> e.text()).toList();
    long restarts = log.stream().filter(l -> l.contains("starts again after the read")).count();
    long readBefore = log.stream().filter(l -> l.contains("fork: a page of purgeable")).count();
    assertThat(restarts).as("copies started again").isPositive();
    assertThat(readBefore).isPositive();
    assertThat(log)
        .contains(
            "app[100] fork: the copy of 'cache' met a page its own scan sent to a swapfile; it"
                + " starts again after the read");
    // counted once, for the copy that completed: every page of the cache
    assertThat(r.counter("macos.fork.copies")).isEqualTo(2048);
    assertThat(r.counter("swap.in")).isPositive();
  }
}
