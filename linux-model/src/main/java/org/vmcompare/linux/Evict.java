package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.MemoryObject;

/**
 * The end of shrink_folio_list for one isolated page that reclaim decided to free: a lazyfree page
 * nobody wrote again is discarded; an anonymous page goes to swap (add_to_swap, try_to_unmap with a
 * swap entry in every mapping, pageout when dirty); a file page is unmapped everywhere, written
 * back when dirty, and dropped from the page cache. Each mapper's RSS and swap counters follow.
 *
 * <p>Writes are counted here and sent to the disk as one request per reclaim batch ({@link
 * #flushWrites}); the frame is free as soon as its content is in the slot or the file, not when the
 * write completes.
 */
final class Evict {
  private final Mm mm;
  private final Lru lru;
  private final SwapCache swapCache;
  private final PageCache pageCache;
  private int pendingWrites;

  Evict(Mm mm, Lru lru, SwapCache swapCache, PageCache pageCache) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.pageCache = Objects.requireNonNull(pageCache, "pageCache is null");
  }

  /** What became of a page reclaim tried to free. */
  enum Result {
    FREED,
    /** The page must stay: swap full, or a lazyfree page written again (activate it). */
    ACTIVATE
  }

  /** Frees an isolated page if the kernel could; the caller puts an ACTIVATE page back. */
  Result free(int frame) {
    if (mm.isAnon(frame)) {
      return mm.memory.hasFlag(frame, PageFlags.LAZYFREE) ? lazyFree(frame) : swapOut(frame);
    }
    dropFile(frame);
    return Result.FREED;
  }

  private boolean dirty(int frame) {
    return mm.memory.hasFlag(frame, PageFlags.DIRTY) || mm.machine.dirtyAnywhere(frame);
  }

  /** MADV_FREE'd: discarded when clean; written again since, it is swap-backed once more. */
  private Result lazyFree(int frame) {
    if (dirty(frame)) {
      mm.memory.clearFlag(frame, PageFlags.LAZYFREE);
      return Result.ACTIVATE;
    }
    unmapEverywhere(frame, -1);
    lru.freePage(frame);
    mm.metrics.increment(Counter.DISCARDS);
    mm.metrics.increment(Counter.EVICTIONS);
    return Result.FREED;
  }

  private Result swapOut(int frame) {
    int slot = swapCache.slot(frame);
    boolean dirty = slot < 0 || dirty(frame);
    if (slot < 0) {
      slot = swapCache.addNew(frame);
      if (slot < 0) {
        return Result.ACTIVATE; // add_to_swap failed: swap is full
      }
    }
    BackingStore swap = swapCache.swap();
    if (dirty) {
      swap.write(slot, mm.memory.content(frame));
      pendingWrites++;
      mm.metrics.increment(Counter.SWAP_OUT);
    }
    unmapEverywhere(frame, slot);
    swapCache.delete(frame);
    mm.memory.clearFlag(frame, PageFlags.DIRTY);
    lru.freePage(frame);
    mm.metrics.increment(Counter.EVICTIONS);
    return Result.FREED;
  }

  private void dropFile(int frame) {
    long bits = unmapEverywhere(frame, -1);
    if (mm.memory.hasFlag(frame, PageFlags.DIRTY) || (bits & Pte.DIRTY) != 0) {
      MemoryObject obj = mm.owner(frame);
      obj.file().write(mm.memory.ownerIndex(frame), mm.memory.content(frame));
      pendingWrites++;
      mm.metrics.increment(Counter.FILE_WRITES);
    }
    pageCache.delete(frame);
    lru.freePage(frame);
    mm.metrics.increment(Counter.EVICTIONS);
  }

  /**
   * try_to_unmap: every mapping of the frame goes, replaced by a swap entry for {@code slot} (or
   * cleared when it is -1), with each mapper's counters; returns the dirty and accessed bits seen.
   */
  private long unmapEverywhere(int frame, int slot) {
    boolean anon = mm.isAnon(frame);
    for (int n = mm.rmap.first(frame); n >= 0; n = mm.rmap.next(n)) {
      MmState st = MmState.of(mm.mapper(n));
      if (anon) {
        st.addAnon(-1);
      } else {
        st.addFile(-1);
      }
      if (slot >= 0) {
        st.addSwapEntries(1);
        swapCache.swap().retain(slot);
      }
    }
    return mm.machine.replaceEverywhere(frame, slot < 0 ? 0 : Pte.notPresent(slot, Pte.SW_SWAP));
  }

  /** Sends the writes of one reclaim batch to the disk as one queued request. */
  void flushWrites() {
    if (pendingWrites > 0) {
      mm.kernel.disk().write(pendingWrites, null);
      pendingWrites = 0;
    }
  }

  /** Whether a process's page may be paged out for it (MADV_PAGEOUT skips shared pages). */
  boolean exclusiveTo(Proc p, int frame) {
    int n = mm.rmap.first(frame);
    return n >= 0 && mm.rmap.next(n) < 0 && mm.rmap.asid(n) == p.pid();
  }
}
