package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.MacosRuns.stat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Purgeable memory (SEMANTICS.md, macOS: "Purgeable memory" and "Physical footprint"; issue 10 item
 * 7): a NONVOLATILE object counts in its owner's footprint, a VOLATILE one does not and is emptied
 * by the pageout scan, oldest first, before anything is compressed; reclaim (NONVOLATILE) answers
 * the old state, EMPTY with the pages lost, which read zero (the checked replay compares every
 * read); purgeable control on anything but a whole purgeable object is KERN_INVALID_ARGUMENT.
 */
final class PurgeableTest {
  private static final String REGION =
      "VM_ALLOCATE +\\S+ +\\[ +%s +%s +%s +0K\\] rw-/rwx SM=PRV %s +cache";

  @Test
  void volatileCacheUnderPressure_isPurgedBeforeAnyCompression_andReclaimReportsEmpty() {
    RunResult r = MacosRuns.scenario("purgeable.yaml").get(0); // 16 MiB

    String written = r.views().get("written").get("vmmap/100");
    assertThat(written).contains("Physical footprint:         8220K\n"); // 2,048 pages + tables
    assertThat(written).containsPattern(String.format(REGION, "8192K", "8192K", "8192K", "N"));
    assertThat(totals(written))
        .containsExactly("8192K", "8192K", "8192K", "0K", "0K", "8192K", "0K");

    String offered = r.views().get("volatile").get("vmmap/100");
    assertThat(offered).contains("Physical footprint:         28K\n"); // page tables only
    assertThat(offered).containsPattern(String.format(REGION, "8192K", "8192K", "8192K", "V"));
    assertThat(totals(offered))
        .containsExactly("8192K", "8192K", "8192K", "0K", "8192K", "0K", "0K");
    assertThat(stat(r, "volatile", "Pages purgeable")).isEqualTo(2048);

    String purged = r.views().get("after-hog").get("vmmap/100");
    assertThat(purged).containsPattern(String.format(REGION, "8192K", "0K", "0K", "E"));
    assertThat(totals(purged)).containsExactly("8192K", "0K", "0K", "0K", "0K", "0K", "8192K");
    assertThat(stat(r, "after-hog", "Pages purged")).isEqualTo(2048);
    assertThat(stat(r, "after-hog", "Pages purgeable")).isZero();
    assertThat(stat(r, "after-hog", "Compressions")).isZero(); // the purge came first
    assertThat(r.counter("macos.purges")).isEqualTo(2048);

    assertThat(r.counter("ops.reclaim.lost")).isEqualTo(1);
    assertThat(r.counter("ops.reclaim.survived")).isZero();
    assertThat(log(r))
        .containsSubsequence(
            "purged volatile object 'cache': 2048 pages, now EMPTY",
            "app[100] made 'cache' NONVOLATILE: old state EMPTY, 2048 pages lost");
    String reclaimed = r.views().get("reclaimed").get("vmmap/100");
    assertThat(reclaimed).containsPattern(String.format(REGION, "8192K", "0K", "0K", "N"));
    // the cache read back afterwards: 2,048 zero fills (the checked replay saw zeroes)
    assertThat(r.counter("zero.fills")).isEqualTo(2048 + 3072 + 2048);
  }

  @Test
  void volatileCacheWithoutPressure_reclaimsIntact_andIsBackInTheFootprint() {
    RunResult r = MacosRuns.scenario("purgeable.yaml").get(1); // 64 MiB

    assertThat(r.counter("macos.purges")).isZero();
    assertThat(r.counter("ops.reclaim.survived")).isEqualTo(1);
    assertThat(r.counter("ops.reclaim.lost")).isZero();
    assertThat(log(r))
        .contains("app[100] made 'cache' NONVOLATILE: old state VOLATILE, 0 pages lost");
    String afterHog = r.views().get("after-hog").get("vmmap/100");
    assertThat(afterHog).containsPattern(String.format(REGION, "8192K", "8192K", "8192K", "V"));
    String reclaimed = r.views().get("reclaimed").get("vmmap/100");
    assertThat(reclaimed).contains("Physical footprint:         8220K\n");
    assertThat(reclaimed).containsPattern(String.format(REGION, "8192K", "8192K", "8192K", "N"));
    assertThat(stat(r, "reclaimed", "Pages purged")).isZero();
    assertThat(r.counter("zero.fills")).isEqualTo(2048 + 3072); // read back from memory
    assertThat(MacosRuns.metric(r, "app", "footprint.peak")).isEqualTo(2055);
  }

  /** The purge queue is FIFO by the time each object was made volatile, not by allocation. */
  @Test
  void twoVolatileObjects_theOneOfferedFirstIsPurged_theOtherSurvives() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: fifo
                machine: {ram: 16MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: a, size: 4MiB, purgeable: true}
                      - allocate: {name: b, size: 4MiB, purgeable: true}
                      - touch: {region: a, writes: 1}
                      - touch: {region: b, writes: 1}
                      - offer: {region: b}
                      - offer: {region: a}
                      - sleep: 1s
                      - reclaim: {region: a}
                      - reclaim: {region: b}
                      - touch: {region: a}
                      - touch: {region: b}
                  - name: hog
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 10MiB}
                      - touch: {region: heap, writes: 1}
                """)
            .get(0);

    assertThat(r.counter("macos.purges")).isEqualTo(1024);
    assertThat(log(r))
        .contains("purged volatile object 'b': 1024 pages, now EMPTY")
        .contains("app[100] made 'a' NONVOLATILE: old state VOLATILE, 0 pages lost")
        .contains("app[100] made 'b' NONVOLATILE: old state EMPTY, 1024 pages lost");
    assertThat(r.counter("ops.reclaim.survived")).isEqualTo(1);
    assertThat(r.counter("ops.reclaim.lost")).isEqualTo(1);
  }

  @Test
  void purgeableControlOnPlainMemoryOrPartOfAnObject_isKernInvalidArgument_namingTheStep() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: refused
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: plain, size: 16pages}
                      - allocate: {name: cache, size: 16pages, purgeable: true}
                      - offer: {region: plain}
                      - reclaim: {region: plain}
                      - offer: {region: cache, size: 8pages}
                      - touch: {region: cache, writes: 1}
                """)
            .get(0);

    assertThat(r.counter("ops.failed.offer")).isEqualTo(2);
    assertThat(r.counter("ops.failed.reclaim")).isEqualTo(1);
    assertThat(log(r))
        .anyMatch(
            l ->
                l.contains(
                    "offer failed: KERN_INVALID_ARGUMENT mach_vm_purgable_control("
                        + "VM_PURGABLE_SET_STATE, VOLATILE): 'plain' is not purgeable memory"))
        .anyMatch(
            l ->
                l.contains(
                    "reclaim failed: KERN_INVALID_ARGUMENT mach_vm_purgable_control("
                        + "VM_PURGABLE_SET_STATE, NONVOLATILE): 'plain' is not purgeable memory"))
        .anyMatch(
            l ->
                l.contains("offer failed: KERN_INVALID_ARGUMENT")
                    && l.contains("applies to a whole purgeable object; 'cache' pages 0..7"));
    // the refused offer left the cache NONVOLATILE: its 16 pages count in the footprint
    assertThat(MacosRuns.metric(r, "app", "footprint.peak")).isGreaterThanOrEqualTo(16);
  }

  /**
   * XNU copies a purgeable object at fork (MEMORY_OBJECT_COPY_NONE: vm_object_copy_slowly): the
   * child gets a plain object with a copy of every page now, the parent keeps its purgeable one.
   */
  @Test
  void forkOfATaskHoldingPurgeableMemory_copiesItNow_intoAPlainObjectOfTheChild() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: fork-purgeable
                machine: {ram: 16MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: cache, size: 16pages, purgeable: true}
                      - touch: {region: cache, size: 12pages, writes: 1}
                      - fork:
                          name: child
                          steps:
                            - touch: {region: cache}
                            - offer: {region: cache}
                            - sleep: 10ms
                      - snapshot: forked
                      - sleep: 5ms
                      - touch: {region: cache, writes: 1}
                      - sleep: 20ms
                """)
            .get(0);

    // 12 pages copied now; the 4 never touched stay missing in both
    assertThat(r.counter("macos.fork.copies")).isEqualTo(12);
    assertThat(r.counter("cow.copies")).isZero();
    String parent = r.views().get("forked").get("vmmap/100");
    String child = r.views().get("forked").get("vmmap/101");
    // the parent's object keeps its one reference and stays purgeable and writable
    assertThat(parent)
        .containsPattern("VM_ALLOCATE +\\S+ +\\[ +64K +48K +48K +0K\\] rw-/rwx SM=PRV N +cache");
    // the child's copy: resident, not mapped yet, not purgeable
    assertThat(child)
        .containsPattern("VM_ALLOCATE +\\S+ +\\[ +64K +48K +48K +0K\\] rw-/rwx SM=PRV +cache");
    assertThat(child).contains("Physical footprint:         4K\n"); // its top page table alone
    // the child reads the parent's data (the checked replay compares every read) and fills the
    // 4 missing pages; its purgeable control fails: its copy is not purgeable
    assertThat(r.counter("zero.fills")).isEqualTo(12 + 4 + 4);
    assertThat(log(r))
        .anyMatch(l -> l.contains("KERN_INVALID_ARGUMENT") && l.contains("is not purgeable"));
  }

  /** A compressed page of the purgeable object is decompressed into it before it is copied. */
  @Test
  void forkOfATaskWhosePurgeablePagesAreCompressed_decompressesThemForTheCopy() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: fork-compressed
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: cache, size: 2MiB, purgeable: true}
                      - touch: {region: cache, writes: 1, compressibility: 0.5}
                      - sleep: 50ms
                      - snapshot: before-fork
                      - fork: {name: child, steps: [{touch: {region: cache}}, {sleep: 10ms}]}
                      - sleep: 20ms
                  - name: hog
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 5MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.5}
                      - sleep: 100ms
                """)
            .get(0);

    Matcher swapped =
        Pattern.compile("\\[ +2048K +\\S+ +\\S+ +(\\d+)K\\] rw-/rwx SM=PRV N +cache")
            .matcher(r.views().get("before-fork").get("vmmap/100"));
    assertThat(swapped.find()).isTrue();
    long compressed = Long.parseLong(swapped.group(1)) / 4;
    assertThat(compressed).as("cache pages compressed before the fork").isPositive();
    // every page copied, the compressed ones decompressed first; the child read them all back
    // as the parent wrote them (the checked replay compares every read)
    assertThat(r.counter("macos.fork.copies")).isEqualTo(512);
    assertThat(r.counter("macos.decompressions")).isGreaterThanOrEqualTo(compressed);
  }

  private static List<String> log(RunResult r) {
    return r.eventLog().stream().map(e -> e.text()).toList();
  }

  /** The TOTAL row of vmmap's summary, from VIRTUAL SIZE to EMPTY SIZE. */
  private static List<String> totals(String vmmap) {
    Matcher m = Pattern.compile("\nTOTAL +(.*)\n").matcher(vmmap);
    assertThat(m.find()).isTrue();
    List<String> cols = List.of(m.group(1).trim().split(" +"));
    return cols.subList(0, 7);
  }
}
