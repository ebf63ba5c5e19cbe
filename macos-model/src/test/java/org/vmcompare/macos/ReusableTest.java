package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmcompare.macos.MacosRuns.footprint;
import static org.vmcompare.macos.MacosRuns.stat;
import static org.vmcompare.macos.MacosRuns.vmmap;

import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.metrics.RunResult;

/**
 * MADV_FREE_REUSABLE (the portable release) and MADV_FREE_REUSE (SEMANTICS.md, macOS: "madvise on
 * macOS" and "Physical footprint"; issue 10 item 7): released pages stay resident and mapped but
 * leave the footprint at once and are clean (vmmap's DIRTY leaves them out); REUSE puts them back
 * in the footprint; under pressure the scan frees the clean ones without compressing them, and a
 * freed page reads zero. Every run is replayed checked, so every read is compared with the last
 * write, or zero for a released page.
 */
final class ReusableTest {
  private static final String HEAP =
      "VM_ALLOCATE +\\S+ +\\[ +8192K +%s +%s +0K\\] rw-/rwx SM=PRV +heap";

  @Test
  void releaseDropsTheFootprintAtOnce_reuseBringsItBack_andThePagesStayResident() {
    RunResult r = MacosRuns.scenario("reusable.yaml").get(0); // 16 MiB

    // 2,048 pages + 7 page-table pages; then 1,024 out, 256 back
    assertThat(footprint(r, "written")).isEqualTo("8220K");
    assertThat(footprint(r, "released")).isEqualTo("4124K");
    assertThat(footprint(r, "reused")).isEqualTo("5148K");
    assertThat(vmmap(r, "written")).containsPattern(String.format(HEAP, "8192K", "8192K"));
    // resident and mapped still, but clean: DIRTY leaves the reusable pages out
    assertThat(vmmap(r, "released")).containsPattern(String.format(HEAP, "8192K", "4096K"));
    // the reused megabyte was written again
    assertThat(vmmap(r, "reused")).containsPattern(String.format(HEAP, "8192K", "5120K"));
    assertThat(r.counter("macos.reusable")).isEqualTo(1024);
    assertThat(r.counter("macos.reused")).isEqualTo(256);
    assertThat(MacosRuns.metric(r, "app", "footprint.peak")).isEqualTo(2055);
  }

  @Test
  void underPressure_cleanReusablePagesAreFreedUncompressed_andReadZeroAfterwards() {
    RunResult r = MacosRuns.scenario("reusable.yaml").get(0); // 16 MiB

    assertThat(r.counter("macos.reusable.reclaimed")).isEqualTo(54);
    assertThat(r.counter("discards")).isEqualTo(54);
    assertThat(r.counter("macos.compressions")).isZero();
    assertThat(stat(r, "after-hog", "Compressions")).isZero();
    assertThat(stat(r, "after-hog", "Anonymous pages")).isEqualTo(2048 - 54);
    // freed pages were reusable: the footprint did not change when they went
    assertThat(footprint(r, "after-hog")).isEqualTo("5148K");
    assertThat(vmmap(r, "after-hog")).containsPattern(String.format(HEAP, "7976K", "5120K"));
    // read back: the 54 freed pages zero-fill (the checked replay saw zeroes), and are ordinary
    // pages in the footprint again, clean as any page a read zero-filled
    assertThat(r.counter("zero.fills")).isEqualTo(2048 + 1792 + 54);
    assertThat(footprint(r, "read-back")).isEqualTo("5364K");
    assertThat(vmmap(r, "read-back")).containsPattern(String.format(HEAP, "8192K", "5120K"));
  }

  @Test
  void withoutPressure_releasedPagesKeepTheirLastWrite_andTheReadBackFillsNothing() {
    RunResult r = MacosRuns.scenario("reusable.yaml").get(1); // 64 MiB

    assertThat(r.counter("macos.reusable.reclaimed")).isZero();
    assertThat(r.counter("discards")).isZero();
    assertThat(r.counter("zero.fills")).isEqualTo(2048 + 1792); // no page refilled
    assertThat(footprint(r, "read-back")).isEqualTo("5148K");
    assertThat(vmmap(r, "read-back")).containsPattern(String.format(HEAP, "8192K", "5120K"));
  }

  @Test
  void aReusablePageWrittenAgain_staysOutOfTheFootprint_butIsCompressedNotFreed() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: rewritten
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: heap, size: 1MiB}
                      - touch: {region: heap, writes: 1}
                      - release: {region: heap}
                      - touch: {region: heap, size: 128KiB, writes: 1}
                      - snapshot: rewritten
                      - sleep: 1s
                      - snapshot: after-hog
                  - name: hog
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 6MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.5}
                """)
            .get(0);

    // 256 pages released, 32 written again: still reusable, but dirty again
    assertThat(footprint(r, "rewritten")).isEqualTo("16K"); // page tables only
    assertThat(vmmap(r, "rewritten"))
        .containsPattern("VM_ALLOCATE +\\S+ +\\[ +1024K +1024K +128K +0K\\] rw-/rwx SM=PRV +heap");
    // under pressure the written ones, oldest, are compressed (their contents kept) and charged
    // to the footprint again as compressed pages; clean ones are freed uncompressed
    assertThat(r.counter("macos.compressions")).isEqualTo(32);
    assertThat(r.counter("macos.reusable.reclaimed")).isEqualTo(8);
    assertThat(vmmap(r, "after-hog"))
        .containsPattern("VM_ALLOCATE +\\S+ +\\[ +1024K +864K +0K +128K\\] rw-/rwx SM=PRV +heap");
    assertThat(footprint(r, "after-hog")).isEqualTo("144K"); // 32 compressed + page tables
  }

  @Test
  void compressedPagesInTheRange_areDroppedFromTheCompressor_andLeaveTheFootprint() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: release-compressed
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: heap, size: 2MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.5}
                      - sleep: 50ms
                      - snapshot: compressed
                      - release: {region: heap}
                      - snapshot: released
                      - touch: {region: heap}
                  - name: hog
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 5MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.5}
                      - sleep: 100ms
                """)
            .get(0);

    // 48 of the heap's 512 pages were compressed, and charged as compressed
    assertThat(footprint(r, "compressed")).isEqualTo("2064K");
    assertThat(vmmap(r, "compressed"))
        .containsPattern(
            "VM_ALLOCATE +\\S+ +\\[ +2048K +1856K +1856K +192K\\] rw-/rwx SM=PRV +heap");
    assertThat(stat(r, "compressed", "Pages stored in compressor")).isEqualTo(48);
    // released: their compressed copies are gone (VM_COMPRESSOR_PAGER_STATE_CLR), the resident
    // ones are clean and reusable: only the page tables are left in the footprint
    assertThat(footprint(r, "released")).isEqualTo("16K");
    assertThat(vmmap(r, "released"))
        .containsPattern("VM_ALLOCATE +\\S+ +\\[ +2048K +1856K +0K +0K\\] rw-/rwx SM=PRV +heap");
    assertThat(stat(r, "released", "Pages stored in compressor")).isZero();
    assertThat(r.counter("macos.reusable")).isEqualTo(464);
    // the hog's pressure then freed the 464 clean ones: the read back zero-fills all 512
    assertThat(r.counter("macos.reusable.reclaimed")).isEqualTo(464);
    assertThat(r.counter("zero.fills")).isEqualTo(512 + 1280 + 512);
  }

  /**
   * POSIX shared memory is not copied symmetrically: its pages become reusable for every mapper.
   */
  @Test
  void releaseOfSharedMemory_takesItsPagesOutOfEveryMappersFootprint() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: release-shm
                machine: {ram: 16MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: a
                    steps:
                      - share: {name: buf, size: 64pages, shared: board}
                      - touch: {region: buf, writes: 1}
                      - sleep: 10ms
                      - snapshot: before
                      - release: {region: buf}
                      - snapshot: released
                      - sleep: 10ms
                  - name: b
                    start: 1ms
                    steps:
                      - share: {name: buf, shared: board}
                      - touch: {region: buf}
                      - sleep: 30ms
                """)
            .get(0);

    String row = "shared memory +\\S+ +\\[ +256K +256K +%s +0K\\] rw-/rwx SM=SHM +POSIX shm board";
    for (int pid : new int[] {100, 101}) {
      String before = r.views().get("before").get("vmmap/" + pid);
      String released = r.views().get("released").get("vmmap/" + pid);
      assertThat(before).contains("Physical footprint:         272K\n"); // 64 pages + tables
      assertThat(before).containsPattern(String.format(row, "256K"));
      assertThat(released).contains("Physical footprint:         16K\n");
      assertThat(released).containsPattern(String.format(row, "0K"));
    }
    assertThat(r.counter("macos.reusable")).isEqualTo(64);
  }

  @Test
  void afterFork_releaseLeavesTheSharedCopyOnWritePagesAsTheyAre() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: fork-release
                machine: {ram: 16MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: heap, size: 16pages}
                      - touch: {region: heap, writes: 1}
                      - fork: {name: child, steps: [{sleep: 1s}]}
                      - release: {region: heap}
                      - snapshot: released
                      - touch: {region: heap}
                """)
            .get(0);

    assertThat(r.counter("macos.reusable")).isZero();
    assertThat(vmmap(r, "released"))
        .containsPattern("VM_ALLOCATE +\\S+ +\\[ +64K +64K +64K +0K\\] rw-/rwx SM=COW +heap");
    assertThat(r.eventLog().stream().map(e -> e.text()))
        .contains(
            "app[100] madvise(MADV_FREE_REUSABLE) on 'heap': its object is shared copy-on-write"
                + " or shadows another, so its pages stay as they are");
  }

  @Test
  void madviseWithAnAdviceTheModelHasNot_isRefusedAtLoad_namingTheKey() {
    String yaml =
        """
        name: bad-advice
        systems: [macos]
        processes:
          - name: app
            steps:
              - allocate: {name: heap, size: 16pages}
              - native:
                  os: macos
                  call: madvise
                  args: {region: heap, advice: MADV_DONTNEED}
        """;

    assertThatThrownBy(() -> MacosRuns.unchecked(yaml))
        .isInstanceOf(InputError.class)
        .hasMessage(
            "test.yaml:7:9: processes[0].steps[1].native.args.advice: MADV_DONTNEED is not one the"
                + " model has (MADV_FREE_REUSABLE, MADV_FREE_REUSE)");
  }

  @Test
  void madviseOnARangeOutsideTheRegion_isBadInputNamingTheKeyAtLoad() {
    assertThatThrownBy(
            () ->
                MacosRuns.unchecked(
                    """
                    name: bad-range
                    systems: [macos]
                    processes:
                      - name: app
                        steps:
                          - allocate: {name: heap, size: 16pages}
                          - native:
                              os: macos
                              call: madvise
                              args: {region: heap, offset: 12pages, size: 8pages, advice: MADV_FREE_REUSE}
                    """))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("test.yaml:10:")
        .hasMessageContaining(
            "native.args.size: offset 12pages plus 8pages goes past the end of 'heap' (16 pages)");
  }
}
