package org.vmcompare.linux;

import org.vmcompare.hw.PhysicalMemory;

/**
 * The struct page flags the model keeps, as bits of {@link PhysicalMemory}'s model flags, so a
 * page's state costs no memory beyond core's per-frame word. Which LRU list a page is on
 * (PG_active, PG_lru) is its {@link Lru} list; PG_dirty is core's {@link PhysicalMemory#F_DIRTY}.
 */
final class PageFlags {
  /** PG_referenced: seen referenced once already (a read() hit, or a kept trip round the list). */
  static final int REFERENCED = 1 << PhysicalMemory.F_MODEL_SHIFT;

  /** PageAnon: an anonymous page, found through its mappings rather than a page cache. */
  static final int ANON = 1 << (PhysicalMemory.F_MODEL_SHIFT + 1);

  /** !PG_swapbacked on an anonymous page: MADV_FREE'd, discarded rather than swapped if clean. */
  static final int LAZYFREE = 1 << (PhysicalMemory.F_MODEL_SHIFT + 2);

  /** PG_locked while a read fills the page: not yet uptodate, on no list, waited for. */
  static final int LOCKED = 1 << (PhysicalMemory.F_MODEL_SHIFT + 3);

  /** PG_readahead: touching this cached page starts the next asynchronous readahead window. */
  static final int READAHEAD = 1 << (PhysicalMemory.F_MODEL_SHIFT + 4);

  /** PG_writeback: being written to swap or its file; freed when the write completes. */
  static final int WRITEBACK = 1 << (PhysicalMemory.F_MODEL_SHIFT + 5);

  /** PG_head of a transparent huge page: it stands on its LRU list for the whole folio. */
  static final int HUGE = 1 << (PhysicalMemory.F_MODEL_SHIFT + 6);

  /** A tail page of a transparent huge page: on no list, freed and split with its head. */
  static final int TAIL = 1 << (PhysicalMemory.F_MODEL_SHIFT + 7);

  /**
   * An extra reference a fault holds on the page it copies from while it allocates the copy
   * (do_cow_fault's page-cache folio, wp_page_copy's old folio): reclaim cannot free a page with
   * references it does not know of (__remove_mapping's refcount freeze fails), so it keeps it.
   */
  static final int PINNED = 1 << (PhysicalMemory.F_MODEL_SHIFT + 8);

  /**
   * A shmem (tmpfs) page of a shared memory object: swap-backed like an anonymous page (the anon
   * LRU lists, written to swap) but found through its object, like a file page.
   */
  static final int SHMEM = 1 << (PhysicalMemory.F_MODEL_SHIFT + 9);

  /** PG_dirty: the page's only up-to-date copy is in memory. */
  static final int DIRTY = PhysicalMemory.F_DIRTY;

  private PageFlags() {}
}
