package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * zap_page_range and exit_mmap: unmapping ranges of a process, page by page, with the kernel's
 * bookkeeping — RSS counters down, an anonymous page freed when its last mapping goes, a file page
 * left in the page cache (its dirty bit moved from the PTE to the page), a swap entry's slot
 * released. MADV_DONTNEED, munmap, exit and the OOM killer all come through here.
 */
final class Teardown {
  private final Mm mm;
  private final Lru lru;
  private final SwapCache swapCache;
  private final Overcommit overcommit;
  private final Folios thp;
  private final Mappings mappings;

  Teardown(Mm mm, Lru lru, SwapCache swapCache, Overcommit overcommit, Folios thp) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.overcommit = Objects.requireNonNull(overcommit, "overcommit is null");
    this.thp = Objects.requireNonNull(thp, "thp is null");
    this.mappings = new Mappings(mm.kernel);
  }

  /**
   * Unmaps pages [firstPage, firstPage + pages) of a region of {@code p}.
   *
   * @return how many of them had contents (a page frame other than the zero page, or a swap entry)
   */
  long zap(Proc p, Region r, long firstPage, long pages) {
    PageTable pt = p.space().pageTable();
    long first = r.startVpn() + firstPage;
    thp.splitRange(pt, first, pages, true); // a huge page cut by the range is split first
    LongArrayList leaves = new LongArrayList();
    pt.forEachLeaf(
        first,
        pages,
        (vpn, level, pte) -> {
          leaves.add(vpn);
          leaves.add(level);
          leaves.add(pte);
        });
    MmState st = MmState.of(p);
    boolean shared = r.sharing() == Region.Sharing.SHARED;
    long had = 0;
    for (int i = 0; i < leaves.size(); i += 3) {
      long vpn = leaves.get(i);
      long pte = leaves.get(i + 2);
      if (Pte.present(pte) && leaves.get(i + 1) > 0) {
        mm.machine.unmap(pt, vpn);
        had += putHuge(st, (int) Pte.frame(pte));
      } else if (Pte.present(pte)) {
        mm.machine.unmap(pt, vpn);
        if (mm.faults.on(LinuxFaults.STALE_TLB_ON_MUNMAP)) {
          mm.machine.tlb().insert(p.pid(), vpn, pte); // the entry the shootdown should remove
        }
        if (putPage(st, (int) Pte.frame(pte), pte, shared)) {
          had++;
        }
      } else {
        mm.machine.replaceWithNotPresent(pt, vpn, 0);
        if (Pte.is(pte, Pte.SW_SWAP)) {
          st.addSwapEntries(-1);
          freeSwapAndCache((int) Pte.payload(pte));
        }
        had++;
      }
    }
    return had;
  }

  /** A whole huge mapping gone: its pages leave RSS; the folio is freed with its last mapping. */
  private long putHuge(MmState st, int head) {
    if (thp.isHugeZero(head)) {
      return 0;
    }
    st.addAnon(-thp.pages());
    if (thp.unmapped(head)) {
      thp.freeFolio(head);
    }
    return thp.pages();
  }

  /**
   * Drops one mapping's hold on a page just unmapped: an anonymous page nobody maps any more is
   * freed, a file page stays cached and inherits the PTE's dirty bit (set_page_dirty). Returns
   * whether the page counted as content (not the zero page).
   */
  private boolean putPage(MmState st, int frame, long pte, boolean shared) {
    if (frame == mm.zeroFrame) {
      return false;
    }
    if (thp.inFolio(frame) || mm.isAnon(frame)) {
      st.addAnon(-1);
      putAnon(frame);
    } else {
      if (mm.memory.hasFlag(frame, PageFlags.SHMEM)) {
        st.addShmem(-1); // the page stays in its shared object
      } else {
        st.addFile(-1);
      }
      if (shared && (pte & Pte.DIRTY) != 0) {
        mm.memory.setFlag(frame, PageFlags.DIRTY);
      }
    }
    return true;
  }

  /**
   * folio_remove_rmap_pte then folio_put for an anonymous page one mapping just let go of: freed
   * when no mapping is left (a page of a huge page: the folio, with its last mapping), unless a
   * write to swap is in flight (freed when it completes) or another process's swap entry still
   * names its swap-cache slot (freed when that entry goes).
   */
  void putAnon(int frame) {
    if (thp.inFolio(frame)) { // a page of a huge page mapped by PTEs: the folio goes as one
      int head = thp.headOf(frame);
      if (thp.unmapped(head)) {
        thp.freeFolio(head);
      }
      return;
    }
    if (mm.rmap.mapCount(frame) == 0 && !mm.memory.hasFlag(frame, PageFlags.WRITEBACK)) {
      int slot = swapCache.slot(frame);
      if (slot < 0) {
        lru.freePage(frame);
      } else if (swapCache.onlyCacheHolds(slot)) {
        swapCache.delete(frame); // free_swap_cache: no one else names the slot
        lru.freePage(frame);
      }
    }
  }

  /**
   * free_swap_and_cache: drops a swap entry's hold on its slot; a page left cached for a slot no
   * one names any more, and mapped by no one, goes too.
   */
  private void freeSwapAndCache(int slot) {
    swapCache.swap().release(slot);
    int frame = swapCache.frame(slot);
    if (frame >= 0
        && swapCache.onlyCacheHolds(slot)
        && !mm.memory.hasFlag(frame, PageFlags.LOCKED | PageFlags.WRITEBACK)
        && mm.rmap.mapCount(frame) == 0) {
      swapCache.delete(frame);
      lru.freePage(frame);
    }
  }

  /**
   * munmap of a whole region: its pages, its commit charge, the region and its object reference.
   */
  void unmap(Proc p, Region r) {
    zap(p, r, 0, r.pages());
    overcommit.uncharge(VmaState.of(r).accounted);
    if (mappings.unmap(p.space(), r) == 0 && r.object().kind() == MemoryObject.Kind.ANONYMOUS) {
      // anonymous memory dies with its last mapper; the page cache and a shared memory object
      // (a /dev/shm file, never unlinked by the workload) outlive theirs
      mm.kernel.forget(r.object());
    }
  }

  /** exit_mmap: every region of the process. */
  void exit(Proc p) {
    for (Region r : p.space().regions()) {
      unmap(p, r);
    }
  }

  /** MADV_DONTNEED: the range's contents go now; counts them as discarded. */
  long dontNeed(Proc p, Region r, long firstPage, long pages) {
    long dropped = zap(p, r, firstPage, pages);
    mm.metrics.add(Counter.DISCARDS, dropped);
    return dropped;
  }
}
