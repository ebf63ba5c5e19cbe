package org.vmcompare.linux;

import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * mprotect of a whole region (change_protection). Present PTEs keep their frames: write permission
 * goes at once; it comes back at once only for an anonymous page mapped once whose swap slot, if
 * any, no other process names (can_change_pte_writable: PageAnonExclusive), every other page (the
 * zero page, a shared copy-on-write page, a page-cache page) faults to gain it. PROT_NONE clears
 * the user bit so any access faults, as the kernel's PROT_NONE PTE does, and the fault handler then
 * finds the VMA forbids it.
 */
final class Mprotect {
  private Mprotect() {}

  static void change(Mm mm, SwapCache swapCache, Proc p, Region r, Protection prot) {
    r.setProtection(prot);
    VmaState.of(r).reservedFor = null; // the whole VMA has one protection again
    PageTable pt = p.space().pageTable();
    LongArrayList present = new LongArrayList();
    pt.forEachLeaf(
        r.startVpn(),
        r.pages(),
        (vpn, level, pte) -> {
          if (Pte.present(pte)) {
            present.add(vpn);
            present.add(pte);
          }
        });
    boolean none = !prot.read() && !prot.write() && !prot.execute();
    for (int i = 0; i < present.size(); i += 2) {
      long vpn = present.get(i);
      int frame = (int) Pte.frame(present.get(i + 1));
      long set = (none ? 0 : Pte.USER) | (prot.execute() ? 0 : Pte.NO_EXECUTE);
      long clear = (none ? Pte.USER : 0) | (prot.execute() ? Pte.NO_EXECUTE : 0);
      if (!prot.write()) {
        clear |= Pte.WRITABLE;
      } else if (frame != mm.zeroFrame
          && mm.isAnon(frame)
          && !mm.memory.hasFlag(frame, PageFlags.TAIL)
          && mm.rmap.mapCount(frame) == 1
          && exclusiveSwap(swapCache, frame)
          && r.sharing() == Region.Sharing.PRIVATE) {
        set |= Pte.WRITABLE;
        clear |= Pte.SW_COW;
      }
      mm.machine.updateBits(pt, vpn, set, clear & ~set);
    }
  }

  /**
   * PageAnonExclusive's swap half: a page in the swap cache whose slot another process's swap entry
   * still names is shared with that process (do_swap_page mapped it without exclusivity), so it
   * must fault to be copied before a write.
   */
  private static boolean exclusiveSwap(SwapCache swapCache, int frame) {
    int slot = swapCache.slot(frame);
    return slot < 0 || swapCache.onlyCacheHolds(slot);
  }
}
