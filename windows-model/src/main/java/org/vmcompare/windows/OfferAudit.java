package org.vmcompare.windows;

import java.util.List;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * The part of {@link FrameAudit} about Standby's private pages and offers: an offered page is on a
 * Standby list (never Modified, never written), has no pagefile copy and is pointed at by its
 * owner's offered transition PTE, and every offered transition PTE points at such a page; a private
 * page on Standby that is not offered has its pagefile copy (otherwise repurposing it would lose
 * its only copy) and its owner's transition PTE points at it.
 */
final class OfferAudit {
  private OfferAudit() {}

  static void check(Nt nt, PageLists pfn, List<WorkingSet> sets, List<String> out) {
    for (int f = nt.memory.kernelFrames(); f < nt.memory.frames() && out.size() <= 20; f++) {
      int list = pfn.listOf(f);
      boolean offered = nt.memory.hasFlag(f, PageLists.F_OFFERED);
      boolean standby = list >= PageLists.STANDBY0 && list < PageLists.MODIFIED;
      if (offered && !standby) {
        out.add(
            "windows: offered frame "
                + f
                + " is "
                + (list < 0 ? "on no list" : "on the " + pfn.lists.name(list) + " list")
                + "; an offered page stays on Standby until it is reclaimed or repurposed");
        continue;
      }
      if (!standby || pfn.section(f) || !nt.memory.inUse(f)) {
        continue;
      }
      if (offered && pfn.slot(f) >= 0) {
        out.add("windows: offered frame " + f + " has pagefile slot " + pfn.slot(f));
      }
      if (!offered && pfn.slot(f) < 0) {
        out.add(
            "windows: private frame "
                + f
                + " is on the "
                + pfn.lists.name(list)
                + " list with no pagefile copy; repurposing it would lose its contents");
      }
      long want = Pte.notPresent(f, Pte.SW_TRANSITION | (offered ? WindowsPtes.OFFERED : 0));
      Proc owner = nt.process(pfn.ownerPid(f));
      long pte = owner == null ? 0 : owner.space().pageTable().get(pfn.ownerVpn(f));
      if (pte != want) {
        out.add(
            "windows: "
                + (offered ? "offered" : "private")
                + " Standby frame "
                + f
                + "'s owner PTE (pid "
                + pfn.ownerPid(f)
                + ", vpn 0x"
                + Long.toHexString(pfn.ownerVpn(f))
                + ") is "
                + Pte.describe(pte));
      }
    }
    for (WorkingSet ws : sets) {
      if (ws.proc == null) {
        continue; // the system cache's working set: no PTEs, nothing offered
      }
      PageTable pt = ws.proc.space().pageTable();
      for (Region r : ws.proc.space().regions()) {
        pt.forEachLeaf(
            r.startVpn(),
            r.pages(),
            (vpn, level, pte) -> {
              if (Pte.present(pte)
                  || !Pte.is(pte, WindowsPtes.OFFERED)
                  || !Pte.is(pte, Pte.SW_TRANSITION)) {
                return;
              }
              int f = (int) Pte.payload(pte);
              if (!nt.memory.hasFlag(f, PageLists.F_OFFERED)
                  || pfn.ownerPid(f) != ws.proc.pid()
                  || pfn.ownerVpn(f) != vpn) {
                out.add(
                    "windows: "
                        + ws.proc
                        + " vpn 0x"
                        + Long.toHexString(vpn)
                        + " is offered on frame "
                        + f
                        + ", which is not its offered page");
              }
            });
      }
    }
  }
}
