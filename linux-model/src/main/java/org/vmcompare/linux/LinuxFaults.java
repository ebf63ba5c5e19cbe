package org.vmcompare.linux;

import java.util.List;
import org.vmcompare.os.FaultInjection;

/**
 * The bugs the Linux model plants in itself on request ({@link FaultInjection}), so the check
 * engine's tests can show that {@code vmcompare check} catches each and shrinks it to a small
 * repro. Never on in a normal run: only the check engine binds anything but {@link
 * FaultInjection#NONE}.
 */
final class LinuxFaults {
  /** do_wp_page reuses a page others still map instead of copying it. */
  static final String FORGET_COW_COPY = "forget-cow-copy";

  /** do_swap_page's read brings back a zero-filled page instead of the slot's contents. */
  static final String LOSE_PAGE_ON_SWAP_IN = "lose-page-on-swap-in";

  /** An activated page is put on its active list without being counted there. */
  static final String MISCOUNT_LRU_LIST = "miscount-lru-list";

  /** munmap and MADV_DONTNEED (zap_page_range) leave the unmapped page's TLB entry behind. */
  static final String STALE_TLB_ON_MUNMAP = "stale-tlb-on-munmap";

  static final List<FaultInjection.Spec> SPECS =
      List.of(
          new FaultInjection.Spec(
              FORGET_COW_COPY,
              "data integrity: a write to a copy-on-write page shared after fork is not copied"),
          new FaultInjection.Spec(
              LOSE_PAGE_ON_SWAP_IN, "data integrity: a page read back from swap reads zero"),
          new FaultInjection.Spec(
              MISCOUNT_LRU_LIST,
              "frame conservation: an activated page is missing from its list's count (audit)"),
          new FaultInjection.Spec(
              STALE_TLB_ON_MUNMAP,
              "TLB coherence: munmap and MADV_DONTNEED skip the TLB shootdown"));

  private LinuxFaults() {}
}
