package org.vmcompare.linux;

import org.vmcompare.state.StateKey;
import org.vmcompare.vm.PageSlots;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * What the model keeps on a VMA besides core's region: its commit charge (VM_ACCOUNT), whether it
 * has an anon_vma (it had an anonymous page: fork copies its page table entries then), its
 * transparent-huge-page advice, and the pages MADV_FREE left lazy.
 */
final class VmaState {
  static final StateKey<VmaState> KEY = StateKey.of("linux.vma", VmaState.class);

  /** madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE) on the VMA. */
  enum HugeAdvice {
    NONE,
    HUGEPAGE,
    NOHUGEPAGE
  }

  /** Pages charged to Committed_AS for this VMA (0: not VM_ACCOUNT). */
  long accounted;

  /** MAP_NORESERVE was asked (honoured in overcommit modes 0 and 1). */
  boolean noReserve;

  /** The VMA has had an anonymous page (anon_vma_prepare ran). */
  boolean anonVma;

  HugeAdvice huge = HugeAdvice.NONE;

  /** Pages offered with MADV_FREE and not written or reclaimed since (index + 1 when marked). */
  PageSlots lazy;

  /**
   * For a reservation (mmap PROT_NONE, then mprotect of parts): the protection its committed parts
   * get, and which pages are committed (1); null for any other VMA.
   */
  Protection reservedFor;

  PageSlots committed;

  /** The protection page {@code page} of the VMA has now: its part's, for a reservation. */
  Protection protectionAt(Region r, long page) {
    if (reservedFor == null) {
      return r.protection();
    }
    return committed != null && committed.get(page) != 0 ? reservedFor : Protection.NONE;
  }

  static VmaState of(Region r) {
    return r.modelState().computeIfAbsent(KEY, VmaState::new);
  }

  /** The state a forked child's copy of the VMA starts with (the parent's offers included). */
  VmaState copy() {
    VmaState c = new VmaState();
    c.accounted = accounted;
    c.noReserve = noReserve;
    c.anonVma = anonVma;
    c.huge = huge;
    c.reservedFor = reservedFor;
    c.committed = copy(committed);
    // The offers the parent made stay offers in the child's view: its lazy pages are shared, and
    // reclaim may discard them in both; a child's reclaim must report those already gone.
    c.lazy = copy(lazy);
    return c;
  }

  private static PageSlots copy(PageSlots from) {
    if (from == null) {
      return null;
    }
    PageSlots to = new PageSlots();
    from.forEachNonZero(to::set);
    return to;
  }
}
