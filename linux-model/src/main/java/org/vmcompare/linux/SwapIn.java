package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.Region;

/**
 * do_swap_page: a fault on a swap entry. A page still in the swap cache is mapped at once (a minor
 * fault); otherwise a frame is allocated, put in the swap cache locked, and read from the disk
 * while only the faulting process waits ({@code Kernel.waitForRead}); the fault is then issued
 * again, finds the page, and counts as one major fault.
 *
 * <p>Mapping the page drops the PTE's hold on the slot. The page is mapped writable when nothing
 * else names the slot (the swap entry was exclusive); a write fault, or swap more than half full,
 * also frees the slot (should_try_to_free_swap), so the page is dirty again and will be written
 * next time. A read leaves it in the swap cache: clean, it is reclaimed later without a write.
 */
final class SwapIn {
  private final Mm mm;
  private final Lru lru;
  private final PageAllocator alloc;
  private final SwapCache swapCache;
  private final PageLocks locks;

  SwapIn(Mm mm, Lru lru, PageAllocator alloc, SwapCache swapCache, PageLocks locks) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.alloc = Objects.requireNonNull(alloc, "alloc is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.locks = Objects.requireNonNull(locks, "locks is null");
  }

  FaultResult fault(
      Proc p, MmState st, Region r, PageTable pt, long vpn, long pte, int access, boolean tried) {
    int slot = (int) Pte.payload(pte);
    int frame = swapCache.frame(slot);
    if (frame >= 0 && locks.locked(frame)) {
      st.retryVpn = vpn;
      locks.waitFor(frame, p);
      return FaultResult.BLOCKED;
    }
    if (frame >= 0) {
      if (!tried) {
        mm.metrics.increment(mm.swapCacheHits);
      }
      map(p, st, r, pt, vpn, slot, frame, access);
      mm.charge(mm.costs.minorFaultNs());
      mm.account(p, tried);
      return FaultResult.RESOLVED;
    }
    frame = alloc.alloc(p);
    if (frame < 0) {
      return FaultHandler.failed(frame);
    }
    if (pt.get(vpn) != pte || swapCache.frame(slot) >= 0) {
      lru.freeFrame(frame); // reclaim for this allocation changed things: fault again
      return FaultResult.RESOLVED;
    }
    read(p, st, r, vpn, slot, frame);
    return FaultResult.BLOCKED;
  }

  private void read(Proc p, MmState st, Region r, long vpn, int slot, int frame) {
    mm.memory.claim(frame, r.object().id(), (int) r.objectPage(vpn));
    mm.memory.setFlag(frame, PageFlags.ANON);
    locks.lock(frame);
    swapCache.addExisting(frame, slot);
    BackingStore swap = swapCache.swap();
    st.retryVpn = vpn;
    mm.kernel.waitForRead(
        p,
        1,
        () -> {
          boolean lose = mm.faults.on(LinuxFaults.LOSE_PAGE_ON_SWAP_IN);
          mm.memory.setContent(frame, lose ? 0 : swap.read(slot));
          mm.metrics.increment(Counter.SWAP_IN);
          locks.unlock(frame);
          if (swapCache.onlyCacheHolds(slot)) {
            // Every process that named the slot let it go while the read was in flight (the
            // reader was OOM-killed): the kernel leaves the page in the swap cache for a later
            // scan to free; the model frees it now, as it frees a page whose write completed.
            swapCache.delete(frame);
            lru.freePage(frame);
          } else {
            lru.add(frame, false);
          }
        });
  }

  private void map(
      Proc p, MmState st, Region r, PageTable pt, long vpn, int slot, int frame, int access) {
    BackingStore swap = swapCache.swap();
    boolean exclusive = swap.refs(slot) == 2 && mm.rmap.mapCount(frame) == 0;
    swap.release(slot);
    st.addSwapEntries(-1);
    st.addAnon(1);
    boolean write = access == Access.WRITE;
    if (exclusive && (write || swapCache.full()) && swapCache.onlyCacheHolds(slot)) {
      swapCache.delete(frame); // folio_free_swap: the page is the only copy now
      mm.memory.setFlag(frame, PageFlags.DIRTY);
    }
    long bits = Pte.USER | (r.protection().execute() ? 0 : Pte.NO_EXECUTE);
    if (exclusive && r.protection().write()) {
      bits |= Pte.WRITABLE | (write ? Pte.DIRTY : 0);
    }
    mm.machine.map(pt, vpn, frame, bits);
  }
}
