package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.MemoryObject;

/**
 * The end of shrink_folio_list for one isolated page that reclaim decided to free: a lazyfree page
 * nobody wrote again is discarded; an anonymous page goes to swap (add_to_swap, then try_to_unmap
 * with a swap entry in every mapping); a file page is unmapped everywhere and dropped from the page
 * cache. Each mapper's RSS and swap counters follow.
 *
 * <p>A clean page is freed at once. A dirty one is written (pageout) and stays in the swap cache or
 * page cache under writeback, off every list, until its write completes: then it is freed if no one
 * mapped it again meanwhile (a fault on it finds it in the cache), or goes back on its list. The
 * writes of one reclaim batch go to the disk as one request ({@link #flushWrites}), and their
 * completion wakes the processes throttled waiting for memory.
 */
final class Evict {
  private final Mm mm;
  private final Lru lru;
  private final SwapCache swapCache;
  private final PageCache pageCache;
  private Shmem shmem;
  private final LongArrayList pending = new LongArrayList();
  private Runnable onWritebackDone = () -> {};
  private long underWriteback;

  Evict(Mm mm, Lru lru, SwapCache swapCache, PageCache pageCache) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.pageCache = Objects.requireNonNull(pageCache, "pageCache is null");
  }

  /** What became of a page reclaim tried to free. */
  enum Result {
    FREED,
    /** Written; freed when the write completes. */
    WRITEBACK,
    /** The page must stay: swap full, or a lazyfree page written again (activate it). */
    ACTIVATE
  }

  /** The shared-memory objects, built after reclaim's parts. */
  void connect(Shmem shmem) {
    this.shmem = Objects.requireNonNull(shmem, "shmem is null");
  }

  /** Who to tell when writes complete (the allocator's throttled processes). */
  void onWritebackDone(Runnable r) {
    this.onWritebackDone = Objects.requireNonNull(r, "r is null");
  }

  /** Pages written and not yet freed. */
  long underWriteback() {
    return underWriteback;
  }

  /** Frees an isolated page if the kernel could; the caller puts an ACTIVATE page back. */
  Result free(int frame) {
    if (mm.isAnon(frame)) {
      return mm.memory.hasFlag(frame, PageFlags.LAZYFREE) ? lazyFree(frame) : swapOut(frame);
    }
    if (shmem.isShmem(frame)) {
      return shmemOut(frame);
    }
    return dropFile(frame);
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
    unmapEverywhere(frame, slot);
    if (dirty) {
      BackingStore swap = swapCache.swap();
      swap.write(slot, mm.memory.content(frame));
      mm.memory.clearFlag(frame, PageFlags.DIRTY);
      mm.metrics.increment(Counter.SWAP_OUT);
      return writeback(frame);
    }
    swapCache.delete(frame);
    lru.freePage(frame);
    mm.metrics.increment(Counter.EVICTIONS);
    return Result.FREED;
  }

  /**
   * A shmem page: unmapped everywhere (its PTEs cleared: the object keeps the swap entry); a dirty
   * one is written to a new swap slot (shmem_writepage), a clean one (zero, or unchanged since it
   * came back) dropped. Swap full: it stays.
   */
  private Result shmemOut(int frame) {
    boolean dirty = dirty(frame);
    if (dirty && swapCache.swap().free() == 0) {
      return Result.ACTIVATE;
    }
    unmapEverywhere(frame, -1);
    if (!dirty) {
      shmem.drop(frame);
      lru.freePage(frame);
      mm.metrics.increment(Counter.EVICTIONS);
      return Result.FREED;
    }
    int slot = shmem.writeOut(frame);
    swapCache.swap().write(slot, mm.memory.content(frame));
    mm.memory.clearFlag(frame, PageFlags.DIRTY);
    mm.metrics.increment(Counter.SWAP_OUT);
    return writeback(frame);
  }

  private Result dropFile(int frame) {
    long bits = unmapEverywhere(frame, -1);
    if (mm.memory.hasFlag(frame, PageFlags.DIRTY) || (bits & Pte.DIRTY) != 0) {
      MemoryObject obj = mm.owner(frame);
      obj.file().write(mm.memory.ownerIndex(frame), mm.memory.content(frame));
      mm.memory.clearFlag(frame, PageFlags.DIRTY);
      mm.metrics.increment(Counter.FILE_WRITES);
      return writeback(frame);
    }
    pageCache.delete(frame);
    lru.freePage(frame);
    mm.metrics.increment(Counter.EVICTIONS);
    return Result.FREED;
  }

  private Result writeback(int frame) {
    mm.memory.setFlag(frame, PageFlags.WRITEBACK);
    pending.add(frame);
    underWriteback++;
    return Result.WRITEBACK;
  }

  /**
   * try_to_unmap: every mapping of the frame goes, replaced by a swap entry for {@code slot} (or
   * cleared when it is -1), with each mapper's counters; returns the dirty and accessed bits seen.
   */
  private long unmapEverywhere(int frame, int slot) {
    boolean anon = mm.isAnon(frame);
    boolean shm = !anon && shmem.isShmem(frame);
    for (int n = mm.rmap.first(frame); n >= 0; n = mm.rmap.next(n)) {
      MmState st = MmState.of(mm.mapper(n));
      if (anon) {
        st.addAnon(-1);
      } else if (shm) {
        st.addShmem(-1);
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

  /**
   * Sends the writes of one reclaim batch to the disk as one queued request; the pages it frees at
   * completion are added to {@code counter} (kswapd's or direct reclaim's; -1 for none).
   */
  void flushWrites(int counter) {
    if (pending.size() == 0) {
      return;
    }
    long[] frames = new long[pending.size()];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = pending.get(i);
    }
    pending.clear();
    mm.kernel
        .disk()
        .write(
            frames.length,
            () -> {
              long freed = endWriteback(frames);
              if (counter >= 0) {
                mm.metrics.add(counter, freed);
              }
              onWritebackDone.run();
            });
  }

  /**
   * folio_end_writeback: a page no one mapped again, still clean, is freed now; one a fault took
   * back (or written again) returns to its inactive list. An anonymous page that a fault took back
   * and whose mappers have all gone since (exit, munmap, MADV_DONTNEED while the write was in
   * flight; zap left it because it was under writeback) is freed too, dirty or not, when no swap
   * entry names its slot: nothing can reach it any more, and its last reference was the write's.
   */
  private long endWriteback(long[] frames) {
    long freed = 0;
    for (long f : frames) {
      int frame = (int) f;
      mm.memory.clearFlag(frame, PageFlags.WRITEBACK);
      underWriteback--;
      if (orphan(frame)) {
        if (swapCache.slot(frame) >= 0) {
          swapCache.delete(frame);
        }
        lru.freePage(frame);
        continue;
      }
      boolean idle = mm.rmap.mapCount(frame) == 0 && !mm.memory.hasFlag(frame, PageFlags.DIRTY);
      if (idle && swapCache.slot(frame) >= 0) { // anonymous or shmem, written to swap
        swapCache.delete(frame);
        lru.freePage(frame);
        mm.metrics.increment(Counter.EVICTIONS);
        freed++;
      } else if (idle && !mm.isAnon(frame) && !shmem.isShmem(frame)) {
        pageCache.delete(frame);
        lru.freePage(frame);
        mm.metrics.increment(Counter.EVICTIONS);
        freed++;
      } else if (mm.memory.inUse(frame) && lru.listOf(frame) < 0) {
        lru.add(frame, false);
      }
    }
    return freed;
  }

  /** An anonymous page no mapping and no swap entry can reach: only the write still held it. */
  private boolean orphan(int frame) {
    if (!mm.isAnon(frame) || mm.rmap.mapCount(frame) != 0 || !mm.memory.inUse(frame)) {
      return false;
    }
    int slot = swapCache.slot(frame);
    return slot < 0
        || (swapCache.onlyCacheHolds(slot) && mm.memory.hasFlag(frame, PageFlags.DIRTY));
  }

  /** Whether a process's page may be paged out for it (MADV_PAGEOUT skips shared pages). */
  boolean exclusiveTo(Proc p, int frame) {
    int n = mm.rmap.first(frame);
    return n >= 0 && mm.rmap.next(n) < 0 && mm.rmap.asid(n) == p.pid();
  }
}
