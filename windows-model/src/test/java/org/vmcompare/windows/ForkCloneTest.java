package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;
import static org.vmcompare.windows.WindowsRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Copy-on-write clones (SEMANTICS.md, Windows: a copy-on-write view is charged in full; issue 9
 * item 7's Redis case): a clone needs commit for all its private memory again, and fails with
 * ERROR_COMMITMENT_LIMIT when the limit is short, without a kill; a clone that fits shares every
 * page through the clone prototype until one side writes it.
 */
final class ForkCloneTest {
  @Test
  void bigClone_failsOnCommit_smallClone_sharesUntilWritten() {
    RunResult r = WindowsRuns.scenario("fork-clone.yaml").get(0);

    // redis-big: 10 MiB committed, a clone would need 10 MiB more of a ~17 MiB limit
    assertThat(r.counter("ops.failed.fork")).isEqualTo(1);
    assertThat(r.counter("commit.failures")).isEqualTo(1);
    assertThat(r.counter("kills")).isZero();
    assertThat(process(r, "redis-big").state()).isEqualTo("exited");
    assertThat(r.processes()).extracting(p -> p.name()).doesNotContain("big-child");
    assertThat(metric(r, "redis-big", "commit.peak")).isEqualTo(2560);

    // redis-small: the clone is charged the whole 4 MiB again, to the child
    assertThat(metric(r, "saver", "commit.peak")).isEqualTo(1024);
    assertThat(r.views().get("cloned").get("taskmgr")).contains("Committed       8,192 K");
    // the child finds every page through the prototype: soft faults, no I/O, no zero fill
    assertThat(process(r, "saver").minorFaults()).isEqualTo(1024 + 256);
    assertThat(process(r, "saver").majorFaults()).isZero();
    assertThat(metric(r, "saver", "page_fault_count")).isEqualTo(1024 + 256);
    assertThat(r.counter("zero.fills")).isEqualTo(2560 + 1024);
    // each side's writes copy: the child's first quarter, the parent's last
    assertThat(r.counter("cow.copies")).isEqualTo(512);
    assertThat(r.counter("faults.major")).isZero();
  }

  /**
   * The WRK's MiCopyOnWrite (base/ntos/mm/wrtfault.c) takes a new page and copies whatever the
   * clone block's reference count: once the child has exited, the parent's first write to each page
   * still copies it (Linux only makes a page mapped once writable again, with no copy).
   */
  @Test
  void parentWritesAfterTheChildExited_eachPageIsStillCopied() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: clone-alone
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: a
                    steps:
                      - allocate: {name: d, size: 64pages}
                      - touch: {region: d, writes: 1}
                      - fork:
                          name: b
                          steps:
                            - sleep: 1ms
                      - sleep: 2ms
                      - touch: {region: d, writes: 1}
                      - snapshot: end
                """)
            .get(0);

    assertThat(process(r, "b").state()).isEqualTo("exited");
    assertThat(r.counter("cow.copies")).isEqualTo(64);
    assertThat(process(r, "a").minorFaults()).isEqualTo(64 + 64);
    assertThat(r.views().get("end").get("vmmap/100"))
        .containsPattern("Private Data +256 K +256 K +256 K +256 K +256 K +0 K +0 K");
  }

  @Test
  void cloneOfAClone_seesTheGrandparentsPages_andAnExitedSideLeavesNoPagesBehind() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: clone-chain
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: a
                    steps:
                      - allocate: {name: d, size: 64pages}
                      - touch: {region: d, writes: 1}
                      - fork:
                          name: b
                          steps:
                            - touch: {region: d, size: 16pages, writes: 1}
                            - fork:
                                name: c
                                steps:
                                  - touch: {region: d}
                                  - release: {region: d, offset: 32pages, size: 16pages}
                                  - touch: {region: d}
                            - sleep: 2ms
                      - sleep: 1ms
                      - touch: {region: d, writes: 1}
                      - sleep: 3ms
                      - snapshot: end
                """)
            .get(0);

    // c reads b's 16 copies and a's 48 pages through two prototypes, then its discarded 16 read
    // zero (the checked replay compares every read); once b and c are gone, a's copies are a's
    assertThat(process(r, "c").majorFaults()).isZero();
    assertThat(r.counter("discards")).isEqualTo(16);
    assertThat(r.views().get("end").get("vmmap/100"))
        .containsPattern("Private Data +256 K +256 K +256 K +256 K +256 K +0 K +0 K");
  }

  /**
   * Found by {@code vmcompare check}: releasing a forked region left the demand-zero markers of its
   * touched pages in the page table, so a section later mapped at the same address took a private
   * zero page for such a page instead of the section's: the clone read zero where the parent had
   * written. VirtualFree now clears every PTE of the region.
   */
  @Test
  void regression_aReleasedForkedRegion_leavesNoMarkerForTheViewMappedAtItsAddress() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: released-marker
                machine: {ram: 192pages, swap: 0, kernel: 12pages}
                systems: [windows]
                processes:
                  - name: parent
                    steps:
                      - allocate: {name: old, size: 39pages}
                      - fork: {name: first, steps: []}
                      - touch: {region: old, offset: 38pages, size: 1pages}
                      - unmap: {region: old}
                      - share: {name: board, shared: shm, size: 61pages}
                      - touch: {region: board, offset: 38pages, size: 1pages, writes: 1}
                      - fork:
                          name: reader
                          steps:
                            - touch: {region: board}
                """)
            .get(0);

    // demand-zero: the read of the old region's page, the parent's write, which went to the
    // section's page, and the clone's 60 other pages; the clone finds the written one valid in
    // the parent's working set (a soft fault), and the checked replay saw it read the write
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(1 + 1 + 60);
    assertThat(r.counter("windows.faults.soft")).isEqualTo(1);
    assertThat(process(r, "reader").majorFaults()).isZero();
  }
}
