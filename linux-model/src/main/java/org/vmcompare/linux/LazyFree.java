package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.PageSlots;
import org.vmcompare.vm.Region;

/**
 * MADV_FREE (mm/madvise.c madvise_free_pte_range, 4.5+): the range's anonymous pages that only this
 * process maps are marked clean and lazyfree and moved to the inactive file list (4.12+); their
 * swap copies are dropped at once. Without pressure they keep their contents; reclaim discards one
 * that was not written since (it then reads zero), and a write before that cancels the free for
 * that page. Before 4.12 a swapless system freed them at once ({@code madvFreeWithoutSwap:
 * immediate}).
 *
 * <p>The portable {@code reclaim} step, which has no Linux call, asks which offered pages were
 * discarded, and writes the survivors back into use (as the program's write would).
 */
final class LazyFree {
  private final Mm mm;
  private final Lru lru;
  private final SwapCache swapCache;
  private final Teardown teardown;
  private final Folios thp;

  LazyFree(Mm mm, Lru lru, SwapCache swapCache, Teardown teardown, Folios thp) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.teardown = Objects.requireNonNull(teardown, "teardown is null");
    this.thp = Objects.requireNonNull(thp, "thp is null");
  }

  /**
   * madvise(MADV_FREE) on pages [first, first + pages) of r: the pages made lazy, or EINVAL when r
   * is not private anonymous memory ("MADV_FREE works for only anon vma at the moment",
   * madvise_free_single_vma in mm/madvise.c: a file mapping, private or shared, and shmem have
   * vm_ops, so vma_is_anonymous is false and nothing is freed, not even a private copy).
   */
  Outcome madvFree(Proc p, Region r, long first, long pages) {
    if (r.object().kind() != MemoryObject.Kind.ANONYMOUS || r.sharing() != Region.Sharing.PRIVATE) {
      return Outcome.failed(
          "EINVAL", "MADV_FREE on '" + r.label() + "', which is not private anonymous memory");
    }
    return Outcome.ok(free(p, r, first, pages));
  }

  /** MADV_FREE on private anonymous memory; returns the pages made lazy. */
  private long free(Proc p, Region r, long first, long pages) {
    boolean immediate =
        swapCache.swap().capacity() == 0
            && mm.options.madvFreeWithoutSwap() == LinuxOptions.MadvFree.IMMEDIATE;
    PageTable pt = p.space().pageTable();
    thp.splitRange(pt, r.startVpn() + first, pages, false);
    LongArrayList leaves = new LongArrayList();
    pt.forEachLeaf(
        r.startVpn() + first,
        pages,
        (vpn, level, pte) -> {
          leaves.add(vpn);
          leaves.add(pte);
        });
    VmaState vma = VmaState.of(r);
    if (vma.lazy == null) {
      vma.lazy = new PageSlots();
    }
    if (immediate) { // before 4.12, swapless: freed at once, as MADV_DONTNEED
      for (int i = 0; i < leaves.size(); i += 2) {
        vma.lazy.set(leaves.get(i) - r.startVpn(), 1);
      }
      return teardown.dontNeed(p, r, first, pages);
    }
    long lazy = 0;
    for (int i = 0; i < leaves.size(); i += 2) {
      long vpn = leaves.get(i);
      long pte = leaves.get(i + 1);
      if (Pte.is(pte, Pte.SW_SWAP)) {
        teardown.zap(p, r, vpn - r.startVpn(), 1); // the swap copy goes now: it reads zero
        vma.lazy.set(vpn - r.startVpn(), 1); // offered and already gone: reclaim reports it
        continue;
      }
      int frame = (int) Pte.frame(pte);
      if (!Pte.present(pte)
          || frame == mm.zeroFrame
          || !mm.isAnon(frame)
          || mm.rmap.mapCount(frame) != 1
          || mm.memory.hasFlag(frame, PageFlags.WRITEBACK)) {
        continue;
      }
      int slot = swapCache.slot(frame);
      if (slot >= 0) {
        if (!swapCache.onlyCacheHolds(slot)) {
          continue; // folio_free_swap fails while another swap entry names the slot: left alone
        }
        swapCache.delete(frame);
      }
      mm.machine.updateBits(pt, vpn, 0, Pte.DIRTY | Pte.ACCESSED);
      mm.memory.clearFlag(frame, PageFlags.DIRTY | PageFlags.REFERENCED);
      mm.memory.setFlag(frame, PageFlags.LAZYFREE);
      if (lru.listOf(frame) >= 0) {
        lru.isolate(frame);
        lru.add(frame, false); // the inactive file list, young end (lru_lazyfree_fn)
      }
      vma.lazy.set(vpn - r.startVpn(), 1);
      lazy++;
    }
    return lazy;
  }

  /**
   * The portable {@code reclaim}: how many offered pages of the range were discarded (they now read
   * zero); the survivors are taken back into use, as the program's next write would. A discarded
   * page stays counted, by this and later reclaims, until the program writes it again.
   */
  long reclaim(Proc p, Region r, long first, long pages) {
    VmaState vma = VmaState.of(r);
    if (vma.lazy == null) {
      return 0;
    }
    PageTable pt = p.space().pageTable();
    long lost = 0;
    for (long i = first; i < first + pages; i++) {
      if (vma.lazy.get(i) == 0) {
        continue;
      }
      long vpn = r.startVpn() + i;
      long pte = pt.get(vpn);
      int frame = (int) Pte.frame(pte);
      // Kept: still mapped (lazy, or written since), or written since and swapped out. Lost: no
      // page (discarded, or its swap copy dropped by MADV_FREE itself), or the zero page a read
      // mapped after the discard.
      boolean kept = Pte.is(pte, Pte.SW_SWAP) || (Pte.present(pte) && frame != mm.zeroFrame);
      if (!kept) {
        lost++; // still marked: a later reclaim of it reports it again until it is written
        continue;
      }
      vma.lazy.set(i, 0);
      if (!Pte.present(pte) || !mm.memory.hasFlag(frame, PageFlags.LAZYFREE)) {
        continue;
      }
      mm.machine.updateBits(pt, vpn, Pte.DIRTY, 0); // written: swap-backed again at reclaim
    }
    return lost;
  }
}
