package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * folio_referenced and folio_check_references: how reclaim decides, from the accessed bits of a
 * page's mappings (found through the reverse map) and its PG_referenced flag, whether to activate a
 * page, keep it for another trip round the inactive list, or reclaim it. Accessed bits are cleared
 * without a TLB flush, as x86's ptep_clear_flush_young deliberately does, so a page whose
 * translation stays cached looks unreferenced until the entry leaves the TLB.
 */
final class References {
  /** What folio_check_references decided. */
  enum Verdict {
    ACTIVATE,
    KEEP,
    RECLAIM,
    /** Reclaim only if clean: an unmapped file page read once (a use-once page). */
    RECLAIM_CLEAN
  }

  private final Mm mm;

  /** Whether the last {@link #referencedPtes} call met an executable mapping (VM_EXEC). */
  private boolean exec;

  References(Mm mm) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
  }

  /**
   * Counts and clears the accessed bits of every mapping of the frame, without a TLB flush; for a
   * file page, also notes whether a mapping is executable (anonymous pages never need it).
   */
  int referencedPtes(int frame) {
    exec = false;
    boolean file = !mm.isAnon(frame);
    int referenced = 0;
    for (int n = mm.rmap.first(frame); n >= 0; n = mm.rmap.next(n)) {
      Proc p = mm.mapper(n);
      long vpn = mm.rmap.vpn(n);
      PageTable pt = p.space().pageTable();
      if (mm.machine.testAndClearAccessed(pt, vpn, false)) {
        referenced++;
      }
      if (file && !exec) {
        Region r = p.space().find(vpn);
        exec = r != null && r.protection().execute();
      }
    }
    return referenced;
  }

  /** Whether the frame's last {@link #referencedPtes} call found an executable mapping. */
  boolean execMapped() {
    return exec;
  }

  /** folio_check_references for a page at the old end of an inactive list. */
  Verdict check(int frame, boolean fileLru) {
    int ptes = referencedPtes(frame);
    boolean referencedPage = mm.memory.hasFlag(frame, PageFlags.REFERENCED);
    mm.memory.clearFlag(frame, PageFlags.REFERENCED);
    if (ptes > 0) {
      // Mapped pages start with a referenced PTE from the fault that brought them in: look
      // twice before activating one.
      mm.memory.setFlag(frame, PageFlags.REFERENCED);
      if (referencedPage || ptes > 1) {
        return Verdict.ACTIVATE;
      }
      return exec && fileLru ? Verdict.ACTIVATE : Verdict.KEEP;
    }
    return referencedPage && fileLru ? Verdict.RECLAIM_CLEAN : Verdict.RECLAIM;
  }
}
