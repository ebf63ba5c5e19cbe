package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * smap_gather_stats over a whole process (fs/proc/task_mmu.c): resident pages split by sharing and
 * dirtiness, proportional set size (each page divided by its map count, in the kernel's fixed
 * point), swap and swap PSS. The zero page is not a normal page and counts nowhere.
 */
final class Smaps {
  private static final int PSS_SHIFT = 12;

  /** The sums of one walk, in bytes (PSS fields in bytes << PSS_SHIFT until read). */
  static final class Stats {
    long resident;
    long pss;
    long pssDirty;
    long pssAnon;
    long pssFile;
    long pssShmem;
    long sharedClean;
    long sharedDirty;
    long privateClean;
    long privateDirty;
    long referenced;
    long anonymous;
    long lazyFree;
    long anonHuge;
    long swap;
    long swapPss;

    long pssBytes() {
      return pss >> PSS_SHIFT;
    }

    long uss() {
      return privateClean + privateDirty;
    }
  }

  private final Mm mm;
  private final SwapCache swapCache;
  private final Folios thp;

  Smaps(Mm mm, SwapCache swapCache, Folios thp) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.thp = Objects.requireNonNull(thp, "thp is null");
  }

  Stats gather(Proc p) {
    Stats s = new Stats();
    PageTable pt = p.space().pageTable();
    for (Region r : p.space().regions()) {
      pt.forEachLeaf(r.startVpn(), r.pages(), (vpn, level, pte) -> add(s, pte, level));
    }
    return s;
  }

  /**
   * How many mappings share the page: its PTE mappings plus, for a page of a huge page, the PMD
   * mappings of the whole folio (the reverse map records those on the head alone).
   */
  private int mapCount(int frame, int level) {
    if (!thp.inFolio(frame)) {
      return mm.rmap.mapCount(frame);
    }
    int head = thp.headOf(frame);
    int pmds = thp.pmdMappings(head);
    return level > 0 ? pmds : mm.rmap.mapCount(frame) - (frame == head ? pmds : 0) + pmds;
  }

  private void add(Stats s, long pte, int level) {
    long size = mm.pageSize * mm.machine.paging().pagesPerEntry(level);
    if (!Pte.present(pte)) {
      if (Pte.is(pte, Pte.SW_SWAP)) {
        int slot = (int) Pte.payload(pte);
        int count = swapCache.swap().refs(slot) - (swapCache.frame(slot) >= 0 ? 1 : 0);
        s.swap += size;
        s.swapPss += (size << PSS_SHIFT) / Math.max(1, count);
      }
      return;
    }
    int frame = (int) Pte.frame(pte);
    if (frame == mm.zeroFrame || thp.isHugeZero(frame)) {
      return;
    }
    boolean anon = mm.isAnon(frame);
    boolean dirty = (pte & Pte.DIRTY) != 0 || mm.memory.hasFlag(frame, PageFlags.DIRTY);
    int mapcount = Math.max(1, mapCount(frame, level));
    long pss = (size << PSS_SHIFT) / mapcount;
    s.resident += size;
    s.pss += pss;
    if (dirty) {
      s.pssDirty += pss;
    }
    if (anon) {
      s.pssAnon += pss;
      s.anonymous += size;
      if (level > 0) {
        s.anonHuge += size;
      }
      if (mm.memory.hasFlag(frame, PageFlags.LAZYFREE) && !dirty) {
        s.lazyFree += size;
      }
    } else if (mm.memory.hasFlag(frame, PageFlags.SHMEM)) {
      s.pssShmem += pss;
    } else {
      s.pssFile += pss;
    }
    if ((pte & Pte.ACCESSED) != 0 || mm.memory.hasFlag(frame, PageFlags.REFERENCED)) {
      s.referenced += size;
    }
    if (mapcount >= 2) {
      if (dirty) {
        s.sharedDirty += size;
      } else {
        s.sharedClean += size;
      }
    } else if (dirty) {
      s.privateDirty += size;
    } else {
      s.privateClean += size;
    }
  }
}
