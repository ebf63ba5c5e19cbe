package org.vmcompare.baseline;

import java.util.List;
import org.vmcompare.os.FaultInjection;

/**
 * The bugs the textbook baseline plants in itself on request ({@link FaultInjection}), one per
 * invariant family, so the check engine's tests can show each is caught and shrunk to a small
 * repro. Never on in a normal run: nothing but the check engine binds anything but {@link
 * FaultInjection#NONE}.
 */
final class TextbookFaults {
  /** Release and unmap leave the page's TLB entry behind (a shootdown that never happened). */
  static final String STALE_TLB_ON_UNMAP = "stale-tlb-on-unmap";

  /** A page read back from swap comes back zero-filled instead of with its contents. */
  static final String LOSE_PAGE_ON_SWAP_IN = "lose-page-on-swap-in";

  /** Eviction ignores the dirty bit, so a written page is dropped without being written out. */
  static final String FORGET_DIRTY_ON_EVICT = "forget-dirty-on-evict";

  /** A released or unmapped page's frame is freed but never put back on the free list. */
  static final String MISCOUNT_FREE_LIST = "miscount-free-list";

  /** A swap-in counts the run's major fault but not the process's. */
  static final String MISCOUNT_MAJOR_FAULTS = "miscount-major-faults";

  /** Exit unmaps the process's pages but keeps their frames. */
  static final String LEAK_ON_EXIT = "leak-on-exit";

  /**
   * The replayer's OPT evicts a resident page other than the one used farthest in the future (the
   * last leaf of its heap), which is not a stack algorithm: one frame more can miss more.
   */
  static final String OPT_EVICTS_WRONG_PAGE = "opt-evicts-wrong-page";

  static final List<FaultInjection.Spec> SPECS =
      List.of(
          new FaultInjection.Spec(
              STALE_TLB_ON_UNMAP, "TLB coherence: release and unmap skip the TLB shootdown"),
          new FaultInjection.Spec(
              LOSE_PAGE_ON_SWAP_IN, "data integrity: a page swapped back in reads zero"),
          new FaultInjection.Spec(
              FORGET_DIRTY_ON_EVICT, "data integrity: a dirty page is evicted without writeback"),
          new FaultInjection.Spec(
              MISCOUNT_FREE_LIST, "frame conservation: a freed frame never returns to the list"),
          new FaultInjection.Spec(
              MISCOUNT_MAJOR_FAULTS, "accounting: a swap-in is not counted for its process"),
          new FaultInjection.Spec(
              LEAK_ON_EXIT, "frame conservation: exit keeps the frames of the process"),
          new FaultInjection.Spec(
              OPT_EVICTS_WRONG_PAGE,
              "stack property: the replayer's OPT evicts a page other than the farthest used"));

  private TextbookFaults() {}
}
