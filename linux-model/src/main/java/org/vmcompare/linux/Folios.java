package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.util.LongArrayList;

/**
 * Transparent huge pages as folios (mm/huge_memory.c): a huge page is one folio whose head stands
 * on the LRU for all its pages and whose tails are on no list; the huge zero page is an aligned
 * block of the kernel reserve. Splitting has two halves, as in the kernel: {@link #splitPmd} turns
 * one mapping into base PTEs over the same frames (split_huge_pmd); {@link #splitFolio} makes the
 * folio ordinary pages, after splitting every mapping of it (split_huge_page). Reclaim,
 * MADV_PAGEOUT, MADV_FREE and a partial zap split the folio first. {@link HugeFaults} maps them.
 */
final class Folios {
  private final Mm mm;
  private final Lru lru;
  private final int level;
  private final int pages;
  private final int hugeZero;
  private final int splitPmds;
  private final int splitPages;

  Folios(Mm mm, Lru lru) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.level = 1;
    this.pages = (int) mm.machine.paging().pagesPerEntry(level);
    this.hugeZero = hugeZeroPage();
    splitPmds = mm.metrics.register("linux.thp.split.pmd", "huge mappings split into PTEs");
    splitPages = mm.metrics.register("linux.thp.split.page", "huge pages split into base pages");
  }

  /**
   * The huge zero page: an aligned block of the kernel reserve below the zero page (it lies in the
   * kernel, as the kernel allocates it once), untracked; -1 when the reserve is too small.
   */
  private int hugeZeroPage() {
    int head = ((mm.zeroFrame / pages) - 1) * pages;
    if (head < 0 || !mm.machine.paging().largeLevelAllowed(level)) {
      return -1;
    }
    mm.rmap.untrack(head);
    return head;
  }

  int pages() {
    return pages;
  }

  int level() {
    return level;
  }

  /** The head of the huge zero page, or -1 when the kernel reserve has no room for it. */
  int hugeZero() {
    return hugeZero;
  }

  /** Whether the frame belongs to the huge zero page. */
  boolean isHugeZero(int frame) {
    return hugeZero >= 0 && frame >= hugeZero && frame < hugeZero + pages;
  }

  /** split_huge_pmd: the huge mapping at vpn in pt becomes PTEs over the same frames. */
  void splitPmd(PageTable pt, long vpn) {
    long leaf = pt.get(vpn);
    int head = (int) Pte.frame(leaf);
    if (isHugeZero(head)) {
      // the huge zero page splits into PTEs of the small zero page
      long first = vpn & -(long) pages;
      mm.machine.unmap(pt, first);
      long bits = Pte.USER | (leaf & Pte.NO_EXECUTE);
      for (long v = first; v < first + pages; v++) {
        mm.machine.map(pt, v, mm.zeroFrame, bits);
      }
    } else {
      mm.machine.splitLarge(pt, vpn);
    }
    mm.metrics.increment(splitPmds);
  }

  /** split_huge_page: every huge mapping of the folio split, then its pages made ordinary. */
  void splitFolio(int head) {
    LongArrayList pmds = new LongArrayList();
    for (int n = mm.rmap.first(head); n >= 0; n = mm.rmap.next(n)) {
      if (mm.rmap.level(n) > 0) {
        pmds.add(mm.rmap.asid(n));
        pmds.add(mm.rmap.vpn(n));
      }
    }
    for (int i = 0; i < pmds.size(); i += 2) {
      splitPmd(mm.kernel.process((int) pmds.get(i)).space().pageTable(), pmds.get(i + 1));
    }
    int list = lru.listOf(head);
    lru.isolate(head);
    mm.memory.clearFlag(head, PageFlags.HUGE);
    boolean active = Lru.isActive(list);
    if (list != FrameLists.NONE) {
      lru.add(head, active);
    }
    for (int f = head + 1; f < head + pages; f++) {
      mm.memory.clearFlag(f, PageFlags.TAIL);
      if (mm.rmap.mapCount(f) == 0) {
        lru.freePage(f); // an unmapped tail (a partial zap) is freed at the split
      } else if (list != FrameLists.NONE) {
        lru.add(f, active);
      }
    }
    mm.metrics.increment(splitPages);
  }

  /**
   * Splits every huge mapping of pt that overlaps [first, first + count) and, unless it is the huge
   * zero page, its folio; with {@code partialOnly}, only those the range does not cover whole (what
   * a zap of part of a huge page needs).
   */
  void splitRange(PageTable pt, long first, long count, boolean partialOnly) {
    LongArrayList huge = new LongArrayList();
    pt.forEachLeaf(
        first,
        count,
        (v, l, pte) -> {
          if (l > 0
              && Pte.present(pte)
              && (!partialOnly || v < first || v + pages > first + count)) {
            huge.add(v);
            huge.add(Pte.frame(pte));
          }
        });
    for (int i = 0; i < huge.size(); i += 2) {
      int head = (int) huge.get(i + 1);
      if (isHugeZero(head)) {
        splitPmd(pt, huge.get(i));
      } else {
        splitFolio(head);
      }
    }
  }

  /** Whether the frame is part of a transparent huge page (head or tail). */
  boolean inFolio(int frame) {
    return mm.memory.hasFlag(frame, PageFlags.HUGE | PageFlags.TAIL);
  }

  /** The head of the huge page a frame belongs to. */
  int headOf(int frame) {
    return frame & -pages;
  }

  /** Whether one PMD of one process is the folio's only mapping (do_huge_pmd_wp_page's reuse). */
  boolean mappedOnce(int head) {
    if (mm.rmap.mapCount(head) != 1) {
      return false;
    }
    for (int f = head + 1; f < head + pages; f++) {
      if (mm.rmap.mapCount(f) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Frees a whole folio nobody maps any more: its head off its list, every frame free. */
  void freeFolio(int head) {
    lru.isolate(head);
    for (int f = head + pages - 1; f >= head; f--) {
      lru.freePage(f);
    }
  }

  /** How many PMDs map the folio (their records are all on its head). */
  int pmdMappings(int head) {
    int n = 0;
    for (int h = mm.rmap.first(head); h >= 0; h = mm.rmap.next(h)) {
      if (mm.rmap.level(h) > 0) {
        n++;
      }
    }
    return n;
  }

  /** Whether no page of the folio is mapped anywhere. */
  boolean unmapped(int head) {
    for (int f = head; f < head + pages; f++) {
      if (mm.rmap.mapCount(f) != 0) {
        return false;
      }
    }
    return true;
  }
}
