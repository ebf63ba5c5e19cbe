package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;
import static org.vmcompare.windows.WindowsRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * OfferVirtualMemory / ReclaimVirtualMemory (SEMANTICS.md, Windows; issue 9 item 8): offered pages
 * wait on Standby at the offer's priority and are never written to the pagefile; a reclaim answers
 * ERROR_SUCCESS when every page survived and ERROR_BUSY, with the lost pages reading zero, when one
 * was repurposed; an offered page is inaccessible until reclaimed. Every run is also replayed in
 * checked mode (the frame audit before every step, every read compared with the last write).
 */
final class OfferReclaimTest {
  private static final long CACHE = 51_200; // 200 MiB of 4 KiB pages
  private static final long HOG = 100_000;
  private static final long FREE_AT_512 = 126_976 - CACHE; // 496 MiB usable, less the cache
  private static List<RunResult> scenario;

  @Test
  void renderCache_underPressure_losesTheRepurposedPages_andTheSurvivorsComeBackSoft() {
    RunResult r = point(scenario(), "512MiB");
    long lost = HOG - FREE_AT_512; // 24,224 taken from Standby (2)
    long survived = CACHE - lost;

    assertThat(r.counter("windows.offer.pages")).isEqualTo(CACHE);
    assertThat(r.counter("windows.offer.lost")).isEqualTo(lost);
    assertThat(r.counter("windows.standby.repurposed")).isEqualTo(lost);
    assertThat(r.counter("discards")).isEqualTo(lost);
    assertThat(r.counter("ops.reclaim.lost")).isEqualTo(1); // ERROR_BUSY
    assertThat(r.counter("ops.reclaim.survived")).isZero();
    assertThat(r.counter("windows.offer.reclaimed")).isEqualTo(survived);
    // no offered page was written: the only pagefile writes are survivors', once reclaimed, two
    // 16-page writes in flight at a time (MM_PAGING_FILE_MDLS) until the browser's read faults the
    // rest back from Modified
    assertThat(r.counter("swap.out")).isPositive().isLessThan(survived / 4);
    assertThat(r.counter("swap.out") % 16).isZero();
    // the browser's read: survivors are soft faults, lost pages demand-zero (they read zero)
    assertThat(r.counter("windows.faults.soft")).isEqualTo(survived);
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(CACHE + HOG + lost);
    assertThat(r.counter("faults.major")).isZero();
    assertThat(metric(r, "browser", "page_fault_count")).isEqualTo(2 * CACHE);

    assertThat(r.views().get("offered").get("rammap"))
        .containsPattern("Active +0 K")
        .containsPattern("Standby \\(2\\) +204,800 K")
        .containsPattern("Modified +0 K");
    assertThat(r.views().get("offered").get("vmmap/100"))
        .containsPattern("Private Data +204,800 K +204,800 K +204,800 K +0 K +0 K");
    assertThat(r.views().get("reclaimed").get("rammap")).containsPattern("Standby +0 K");
  }

  @Test
  void renderCache_withoutPressure_survivesWhole() {
    RunResult r = point(scenario(), "1GiB");

    assertThat(r.counter("ops.reclaim.survived")).isEqualTo(1); // ERROR_SUCCESS
    assertThat(r.counter("ops.reclaim.lost")).isZero();
    assertThat(r.counter("windows.offer.lost")).isZero();
    assertThat(r.counter("discards")).isZero();
    assertThat(r.counter("windows.offer.reclaimed")).isEqualTo(CACHE);
    assertThat(r.counter("windows.faults.soft")).isEqualTo(CACHE);
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(CACHE + HOG);
    // written after the reclaim, not before, until the read faulted the rest back from Modified
    assertThat(r.counter("swap.out")).isPositive().isLessThan(CACHE / 4);
    assertThat(r.counter("swap.out") % 16).isZero();
  }

  @Test
  void touchBeforeReclaim_isAnAccessViolation_writtenOrNot() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: offered-touch
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: written
                    steps:
                      - allocate: {name: cache, size: 64pages}
                      - touch: {region: cache, writes: 1}
                      - offer: {region: cache}
                      - touch: {region: cache, size: 1page}
                      - allocate: {name: never, size: 1page}
                  - name: untouched
                    steps:
                      - allocate: {name: cache, size: 64pages}
                      - offer: {region: cache, priority: very-low}
                      - touch: {region: cache, offset: 8pages, size: 1page, writes: 1}
                  - name: reclaimed
                    steps:
                      - allocate: {name: cache, size: 64pages}
                      - offer: {region: cache}
                      - reclaim: {region: cache}
                      - touch: {region: cache, writes: 1}
                """)
            .get(0);

    assertThat(process(r, "written").state()).isEqualTo("killed");
    assertThat(process(r, "written").endReason()).contains("segmentation fault: read");
    assertThat(process(r, "untouched").state()).isEqualTo("killed");
    assertThat(process(r, "untouched").endReason()).contains("segmentation fault: write");
    assertThat(process(r, "reclaimed").state()).isEqualTo("exited");
    assertThat(r.counter("segfaults")).isEqualTo(2);
    // untouched pages have nothing to lose: ERROR_SUCCESS, then 64 demand-zero faults
    assertThat(r.counter("ops.reclaim.survived")).isEqualTo(1);
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(64 + 64);
  }

  @Test
  void offeredModifiedPages_goToStandbyUnwritten_andComeBackModifiedOnReclaim() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: offered-modified
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: cache, size: 100pages}
                      - touch: {region: cache, writes: 1}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - snapshot: trimmed
                      - offer: {region: cache, priority: below-normal}
                      - snapshot: offered
                      - sleep: 2s
                      - reclaim: {region: cache}
                      - snapshot: reclaimed
                      - touch: {region: cache}
                """)
            .get(0);

    // 100 dirty pages stay Modified (below the writer's threshold on this machine) ...
    assertThat(r.views().get("trimmed").get("rammap")).containsPattern("Modified +400 K");
    // ... the offer moves them to Standby (3) unwritten ...
    assertThat(r.views().get("offered").get("rammap"))
        .containsPattern("Standby \\(3\\) +400 K")
        .containsPattern("Modified +0 K");
    // ... and the reclaim gives them back dirty: Modified again
    assertThat(r.views().get("reclaimed").get("rammap"))
        .containsPattern("Standby +0 K")
        .containsPattern("Modified +400 K");
    assertThat(r.counter("swap.out")).isZero();
    assertThat(r.counter("ops.reclaim.survived")).isEqualTo(1);
    assertThat(r.counter("windows.faults.soft")).isEqualTo(100);
  }

  @Test
  void pagesOnlyInThePagefile_areLostAtTheOffer_theirSlotsReleased() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: offered-paged-out
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: cache, size: 1008pages}
                      - touch: {region: cache, writes: 1}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - sleep: 100ms
                      - drop-caches
                      - snapshot: paged-out
                      - offer: {region: cache}
                      - reclaim: {region: cache}
                      - touch: {region: cache}
                """)
            .get(0);

    // every page was written (63 clusters of 16) and its Standby copy dropped: pagefile only
    assertThat(r.counter("swap.out")).isEqualTo(1008);
    assertThat(r.views().get("paged-out").get("rammap")).containsPattern("Standby +0 K");
    assertThat(r.counter("windows.offer.lost")).isEqualTo(1008);
    assertThat(r.counter("discards")).isEqualTo(1008);
    assertThat(r.counter("ops.reclaim.lost")).isEqualTo(1);
    assertThat(r.counter("swap.in")).isZero(); // read as zero, never from the pagefile
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(2 * 1008);
  }

  @Test
  void offerOrReclaim_ofFileViewsOrUncommittedPages_isInvalidParameter_andTheProcessGoesOn() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: offer-bad
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: data.db, size: 16pages}
                  - {name: app.exe, size: 16pages}
                processes:
                  - name: app
                    steps:
                      - map-file: {name: db, file: data.db, mode: shared}
                      - offer: {region: db}
                      - map-file: {name: copy, file: data.db, mode: private}
                      - offer: {region: copy}
                      - map-file: {name: code, file: app.exe, mode: image}
                      - reclaim: {region: code}
                      - allocate: {name: arena, size: 64pages, reserve: true}
                      - commit: {region: arena, size: 32pages}
                      - offer: {region: arena}
                      - offer: {region: arena, size: 32pages}
                      - touch: {region: db, writes: 1}
                """)
            .get(0);

    assertThat(r.counter("ops.failed.offer")).isEqualTo(3);
    assertThat(r.counter("ops.failed.reclaim")).isEqualTo(1);
    assertThat(r.counter("windows.offer.pages")).isEqualTo(32);
    assertThat(process(r, "app").state()).isEqualTo("exited");
    List<String> log = r.eventLog().stream().map(e -> e.text()).toList();
    assertThat(log)
        .anyMatch(
            l ->
                l.contains(
                    "offer failed: ERROR_INVALID_PARAMETER OfferVirtualMemory: 'db' is a"
                        + " view of a section (Mapped File)"))
        .anyMatch(l -> l.contains("offer failed: ERROR_INVALID_PARAMETER") && l.contains("'copy'"))
        .anyMatch(
            l -> l.contains("reclaim failed: ERROR_INVALID_PARAMETER ReclaimVirtualMemory: 'code'"))
        .anyMatch(
            l ->
                l.contains("offer failed: ERROR_INVALID_PARAMETER")
                    && l.contains("page 32 of 'arena' is reserved, not committed"));
  }

  @Test
  void dropCaches_emptiesEveryStandbyList_privateImageAndOfferedPagesAlike() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: empty-standby
                machine: {ram: 16MiB, swap: 16MiB}
                systems: [windows]
                files:
                  - {name: app.exe, size: 32pages}
                processes:
                  - name: app
                    steps:
                      - map-file: {name: code, file: app.exe, mode: image}
                      - touch: {region: code}
                      - allocate: {name: heap, size: 1008pages}
                      - touch: {region: heap, writes: 1}
                      - allocate: {name: cache, size: 64pages}
                      - touch: {region: cache, writes: 1}
                      - offer: {region: cache, priority: very-low}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - sleep: 100ms
                      - snapshot: before
                      - drop-caches
                      - snapshot: after
                      - touch: {region: code}
                      - touch: {region: heap}
                      - reclaim: {region: cache}
                      - touch: {region: cache}
                """)
            .get(0);

    assertThat(r.views().get("before").get("rammap"))
        .containsPattern("Standby \\(1\\) +256 K")
        .containsPattern("Standby \\(5\\) +4,160 K") // 1,008 heap pages and 32 image pages
        .containsPattern("Modified +0 K");
    assertThat(r.views().get("after").get("rammap"))
        .containsPattern("Standby +0 K")
        .containsPattern("Mapped File +0 K");
    assertThat(r.counter("file.reads")).isEqualTo(32 + 32); // the image is read again
    assertThat(r.counter("swap.in")).isEqualTo(1008); // the heap from the pagefile
    assertThat(r.counter("windows.offer.lost")).isEqualTo(64);
    assertThat(r.counter("ops.reclaim.lost")).isEqualTo(1);
    assertThat(r.counter("windows.standby.repurposed")).isZero(); // emptied, not repurposed
  }

  /** Both points of the scenario, run (and replayed checked) once for the tests that read it. */
  private static synchronized List<RunResult> scenario() {
    if (scenario == null) {
      scenario = WindowsRuns.scenario("offer-reclaim.yaml");
    }
    return scenario;
  }

  private static RunResult point(List<RunResult> runs, String ram) {
    return runs.stream()
        .filter(r -> ram.equals(r.point().get("machine.ram")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run at machine.ram " + ram));
  }
}
