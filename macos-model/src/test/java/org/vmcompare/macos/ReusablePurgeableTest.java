package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.MacosRuns.footprint;
import static org.vmcompare.macos.MacosRuns.vmmap;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * MADV_FREE_REUSABLE on purgeable memory (SEMANTICS.md, macOS: "madvise on macOS", "Purgeable
 * memory" and "Physical footprint"; issue 10 item 7). XNU does not refuse it (vm_map_reusable_pages
 * checks the purgeable state only for malloc-tagged memory): the pages become reusable and clean,
 * but the owner's footprint, charged by object, keeps the resident ones until the pageout scan
 * frees them, uncompressed; a compressed page in the range is dropped at once, and leaves the
 * footprint at once. Freed and dropped pages read zero; every run is replayed checked, so every
 * read is compared with the last write, or zero for a page released and freed.
 */
final class ReusablePurgeableTest {
  private static final String CACHE =
      "VM_ALLOCATE +\\S+ +\\[ +8192K +%s +%s +0K\\] rw-/rwx SM=PRV N +cache";

  @Test
  void releasedPurgeablePages_stayInTheFootprint_untilTheScanFreesThem_thenReadZero() {
    RunResult r = MacosRuns.scenario("reusable-purgeable.yaml").get(0); // 16 MiB

    // 2,048 pages + 7 page-table pages, before and after the release: the call moves nothing
    assertThat(footprint(r, "written")).isEqualTo("8220K");
    assertThat(footprint(r, "released")).isEqualTo("8220K");
    assertThat(r.counter("macos.reusable")).isEqualTo(1024);
    // resident and mapped still, and clean: DIRTY leaves the released half out
    assertThat(vmmap(r, "released")).containsPattern(String.format(CACHE, "8192K", "4096K"));

    long freed = r.counter("macos.reusable.reclaimed");
    assertThat(freed).isEqualTo(819).isLessThanOrEqualTo(1024);
    assertThat(r.counter("discards")).isEqualTo(freed);
    assertThat(r.counter("macos.compressions")).isZero(); // the clean pages went first
    // 1,229 pages stay, and the page-table page their first 512 pages used has gone too
    assertThat(vmmap(r, "after-hog"))
        .containsPattern(String.format(CACHE, (2048 - freed) * 4 + "K", "4096K"));
    assertThat(footprint(r, "after-hog")).isEqualTo(((2048 - freed) + 6) * 4 + "K");

    // read back: the freed pages zero-fill (the checked replay saw zeroes), the others kept their
    // data, and the cache is whole in the footprint again
    assertThat(r.counter("zero.fills")).isEqualTo(2048 + 2560 + freed);
    assertThat(footprint(r, "read-back")).isEqualTo("8220K");
  }

  @Test
  void withoutPressure_releasedPurgeablePagesKeepTheirData_andTheFootprintNeverMoves() {
    RunResult r = MacosRuns.scenario("reusable-purgeable.yaml").get(1); // 64 MiB

    assertThat(r.counter("macos.reusable")).isEqualTo(1024);
    assertThat(r.counter("macos.reusable.reclaimed")).isZero();
    for (String snapshot : new String[] {"written", "released", "after-hog", "read-back"}) {
      assertThat(footprint(r, snapshot)).as(snapshot).isEqualTo("8220K");
    }
    assertThat(r.counter("zero.fills")).isEqualTo(2048 + 2560); // every read found its data
    assertThat(MacosRuns.metric(r, "app", "footprint.peak")).isEqualTo(2055);
  }

  /**
   * A compressed page of purgeable memory in the released range is dropped at once
   * (VM_COMPRESSOR_PAGER_STATE_CLR): its owner's footprint loses it at the call, and it reads zero.
   */
  @Test
  void releasingCompressedPurgeablePages_dropsThemAndTheirCharge_atOnce() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: release-compressed
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: cache, size: 2MiB, purgeable: true}
                      - touch: {region: cache, writes: 1, compressibility: 0.5}
                      - sleep: 50ms
                      - snapshot: before
                      - release: {region: cache}
                      - snapshot: released
                      - touch: {region: cache}
                  - name: hog
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 5MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.5}
                      - sleep: 100ms
                """)
            .get(0);

    Matcher before =
        Pattern.compile("\\[ +2048K +(\\d+)K +\\S+ +(\\d+)K\\] rw-/rwx SM=PRV N +cache")
            .matcher(vmmap(r, "before"));
    assertThat(before.find()).isTrue();
    long resident = Long.parseLong(before.group(1)) / 4;
    long compressed = Long.parseLong(before.group(2)) / 4;
    assertThat(compressed).as("cache pages compressed before the release").isPositive();
    assertThat(resident + compressed).isEqualTo(512);

    // the compressed pages are gone from the object and from the footprint; the resident ones
    // were made reusable and stay charged
    long kib = Long.parseLong(footprint(r, "before").replace("K", ""));
    assertThat(footprint(r, "released")).isEqualTo((kib - compressed * 4) + "K");
    assertThat(vmmap(r, "released"))
        .containsPattern("\\[ +2048K +" + resident * 4 + "K +0K +0K\\] rw-/rwx SM=PRV N +cache");
    assertThat(r.counter("macos.reusable")).isEqualTo(resident);
    // read back: the dropped pages and the reusable ones the scan freed meanwhile zero-fill, and
    // nothing of the cache is decompressed
    long freed = r.counter("macos.reusable.reclaimed");
    assertThat(r.counter("zero.fills")).isEqualTo(512 + 1280 + compressed + freed);
  }
}
