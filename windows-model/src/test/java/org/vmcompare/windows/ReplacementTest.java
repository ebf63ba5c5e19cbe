package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The page a working set at its maximum gives up for a new one, chosen as the WRK's
 * MiReplaceWorkingSetEntry chooses it (base/ntos/mm/wslist.c): from NextSlot, an entry whose PTE's
 * accessed bit is clear and whose age reaches MI_IMMEDIATE_REPLACEMENT_AGE (2) goes at once; when
 * every entry looked at was accessed, the first one looked at goes, however old the others are. A
 * 16-page hard maximum is below the search window (MM_WORKING_SET_LIST_SEARCH 17, up to 19 entries
 * looked at), so every entry is looked at wherever the hand stands.
 */
final class ReplacementTest {
  @Test
  void replacement_takesTheOldUnaccessedEntry_elseTheFirstLookedAt_neverAnAccessedOlderOne() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: replacement
                machine: {ram: 64MiB, swap: 64MiB}
                systems: [windows]
                processes:
                  - name: editor
                    workingSetMin: 4pages
                    workingSetMax: 16pages
                    hardWorkingSetMax: true
                    steps:
                      - allocate: {name: heap, size: 32pages}
                      - touch: {region: heap, size: 16pages}
                      # 40 manager runs age every entry to 3 and clear the accessed bits
                      - sleep: 40s
                      # every page but 14 is referenced again: accessed, still of age 3
                      - touch: {region: heap, size: 14pages}
                      - touch: {region: heap, offset: 15pages, size: 1pages}
                      # page 14 (unaccessed, age 3) goes at once; page 16 takes its slot and
                      # NextSlot is the next one, page 15's
                      - touch: {region: heap, offset: 16pages, size: 1pages}
                      # every entry is accessed: the first looked at, page 15, goes
                      - touch: {region: heap, offset: 17pages, size: 1pages}
                      # pages 14 and 15 come back from the lists: two soft faults, each giving
                      # up the first entry looked at (pages 0 and 1)
                      - touch: {region: heap, offset: 14pages, size: 1pages}
                      - touch: {region: heap, offset: 15pages, size: 1pages}
                """)
            .get(0);

    assertThat(r.counter("windows.faults.soft")).isEqualTo(2);
    // a clock for the first entry of age >= 1 from the hand would have taken page 0, not page
    // 14, and no page would come back from the lists: no soft fault
    // pages 16 and 17 each replace one page, pages 14 and 15 coming back one each
    assertThat(r.counter("windows.ws.replaced")).isEqualTo(4);
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(16 + 2);
    assertThat(r.counter("faults.major")).isZero();
  }

  @Test
  void replacement_looksAtNoMoreThanTheSearchWindow_anOldUnaccessedEntryFurtherOnStays() {
    RunResult r =
        WindowsRuns.yaml(
                """
                name: replacement-window
                machine: {ram: 64MiB, swap: 64MiB}
                systems: [windows]
                processes:
                  - name: editor
                    workingSetMin: 4pages
                    workingSetMax: 64pages
                    hardWorkingSetMax: true
                    steps:
                      - allocate: {name: heap, size: 128pages}
                      - touch: {region: heap, size: 64pages}
                      # aging, 8 entries a run, leaves every entry at age 3 and the hand at 0
                      - sleep: 40s
                      # every page but 40 is referenced again
                      - touch: {region: heap, size: 40pages}
                      - touch: {region: heap, offset: 41pages, size: 23pages}
                      # the search looks at entries 0..18, all accessed: page 0 goes, not page
                      # 40 (unaccessed, age 3) 40 entries on
                      - touch: {region: heap, offset: 64pages, size: 1pages}
                      - touch: {region: heap, offset: 40pages, size: 1pages}
                """)
            .get(0);

    // page 40 is still in the working set: no soft fault (an unbounded search for the oldest
    // unaccessed entry would have taken it, and this touch would have been one)
    assertThat(r.counter("windows.faults.soft")).isZero();
    assertThat(r.counter("windows.ws.replaced")).isEqualTo(1);
    assertThat(r.counter("windows.faults.demandZero")).isEqualTo(64 + 1);
  }
}
