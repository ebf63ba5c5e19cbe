package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;

/**
 * The model's books, checked: every usable frame is on exactly one page list or in exactly one
 * working set (a section page: in as many working sets as its share count, the system cache's
 * included, on no list while any); list pages are in use exactly when they hold data (Standby,
 * Modified, Transition); a mapped file's page is dirty on Modified and clean on Standby; every
 * working-set entry is a valid PTE of its process; the commit charge is within the limit.
 */
final class FrameAudit {
  private final Nt nt;
  private final PageLists pfn;
  private final BalanceSetManager bsm;
  private final Commit commit;

  FrameAudit(Nt nt, PageLists pfn, BalanceSetManager bsm, Commit commit) {
    this.nt = nt;
    this.pfn = pfn;
    this.bsm = bsm;
    this.commit = commit;
  }

  List<String> problems() {
    List<String> out = new ArrayList<>();
    long listed = pfn.standby() + pfn.size(PageLists.FREE) + pfn.size(PageLists.ZEROED);
    if (pfn.available() != listed) {
      out.add(
          "windows: available is "
              + pfn.available()
              + " but Standby, Free and Zeroed hold "
              + listed
              + " pages (the page lists' watch lost count)");
    }
    BitSet inWs = new BitSet(nt.memory.frames());
    int[] entries = new int[nt.memory.frames()];
    for (WorkingSet ws : bsm.workingSets()) {
      PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
      for (int i = 0; i < ws.slots(); i++) {
        if (!ws.valid(i)) {
          continue;
        }
        long vpn = ws.vpn(i);
        long pte = pt == null ? 0 : pt.get(vpn);
        int f = pt == null ? ws.system.frame(vpn) : Pte.present(pte) ? (int) Pte.frame(pte) : -1;
        if (f < 0 || (pt == null && !pfn.section(f))) {
          out.add(
              "windows: "
                  + ws.owner()
                  + " has 0x"
                  + Long.toHexString(vpn)
                  + " in its working set but "
                  + (pt == null ? "no section page for it" : "its PTE is " + Pte.describe(pte)));
          continue;
        }
        if (pt != null && (ws.privateFrame(i) >= 0) != !pfn.section(f)) {
          out.add(
              "windows: "
                  + ws.owner()
                  + "'s entry for 0x"
                  + Long.toHexString(vpn)
                  + " is kept as "
                  + (pfn.section(f) ? "a private page's" : "a section page's")
                  + " but frame "
                  + f
                  + " is not");
        } else if (pt != null
            && ws.privateFrame(i) >= 0
            && (ws.privateFrame(i) != f || pfn.wsEntry(f) != i)) {
          out.add(
              "windows: entry "
                  + i
                  + " of "
                  + ws.owner()
                  + "'s working set holds frame "
                  + ws.privateFrame(i)
                  + ", its PTE maps frame "
                  + f
                  + ", whose PFN says entry "
                  + pfn.wsEntry(f));
        } else if (pt != null
            && ws.privateFrame(i) >= 0
            && (pfn.ownerVpn(f) != vpn || pfn.ownerPid(f) != ws.proc.pid())) {
          out.add(
              "windows: private frame "
                  + f
                  + " is valid at 0x"
                  + Long.toHexString(vpn)
                  + " in "
                  + ws.owner()
                  + " but its PFN owner is pid "
                  + pfn.ownerPid(f)
                  + " vpn 0x"
                  + Long.toHexString(pfn.ownerVpn(f)));
        }
        if (inWs.get(f) && !pfn.section(f)) {
          out.add("windows: private frame " + f + " is in more than one working-set entry");
        }
        entries[f]++;
        inWs.set(f);
        if (pfn.listOf(f) != FrameLists.NONE) {
          out.add(
              "windows: frame "
                  + f
                  + " is in "
                  + ws.owner()
                  + "'s working set and on the "
                  + pfn.lists.name(pfn.listOf(f))
                  + " list");
        }
      }
      if (ws.proc != null && ws.size() != ws.proc.metrics().get(WindowsMetrics.WORKING_SET)) {
        out.add(
            "windows: "
                + ws.proc
                + " working set has "
                + ws.size()
                + " entries but reports "
                + ws.proc.metrics().get(WindowsMetrics.WORKING_SET));
      }
    }
    for (int f = nt.memory.kernelFrames(); f < nt.memory.frames(); f++) {
      int list = pfn.listOf(f);
      if (pfn.section(f) && entries[f] != pfn.shares(f)) {
        out.add(
            "windows: section frame "
                + f
                + " is in "
                + entries[f]
                + " working sets but its share count is "
                + pfn.shares(f));
      }
      if (list == FrameLists.NONE && !inWs.get(f)) {
        out.add("windows: frame " + f + " is on no list and in no working set");
      } else if (list == PageLists.FREE || list == PageLists.ZEROED) {
        if (nt.memory.inUse(f)) {
          out.add(
              "windows: frame "
                  + f
                  + " is on the "
                  + pfn.lists.name(list)
                  + " list but holds data");
        }
      } else if (!nt.memory.inUse(f)) {
        out.add(
            "windows: frame "
                + f
                + (list == FrameLists.NONE
                    ? " is in a working set"
                    : " is on the " + pfn.lists.name(list) + " list")
                + " but not in use");
      }
      if (list >= PageLists.STANDBY0 && list <= PageLists.MODIFIED && pfn.mappedFile(f)) {
        checkFilePage(f, list, out);
      }
      if (list == PageLists.MODIFIED && !pfn.section(f)) {
        checkModifiedOwner(f, out);
      }
      if (out.size() > 20) {
        break;
      }
    }
    OfferAudit.check(nt, pfn, bsm.workingSets(), out);
    if (commit.committed() < 0 || commit.committed() > commit.limit()) {
      out.add("windows: commit charge " + commit.committed() + " outside 0.." + commit.limit());
    }
    return out;
  }

  /**
   * A private page on Modified is pointed at by its owner's transition PTE, which the PFN finds
   * when the page leaves RAM (Standby's private pages are checked by {@link OfferAudit}).
   */
  private void checkModifiedOwner(int f, List<String> out) {
    long want =
        Pte.notPresent(
            f,
            Pte.SW_TRANSITION
                | (nt.memory.hasFlag(f, PageLists.F_OFFERED) ? WindowsPtes.OFFERED : 0));
    Proc owner = nt.process(pfn.ownerPid(f));
    long pte = owner == null ? 0 : owner.space().pageTable().get(pfn.ownerVpn(f));
    if (pte != want) {
      out.add(
          "windows: private Modified frame "
              + f
              + "'s owner PTE (pid "
              + pfn.ownerPid(f)
              + ", vpn 0x"
              + Long.toHexString(pfn.ownerVpn(f))
              + ") is "
              + Pte.describe(pte));
    }
  }

  /**
   * A mapped file's page is on Modified exactly when it is dirty: a clean one there would be
   * written for nothing, and a dirty one on Standby would lose its data when repurposed.
   */
  private void checkFilePage(int f, int list, List<String> out) {
    boolean dirty = nt.memory.hasFlag(f, PhysicalMemory.F_DIRTY);
    if (dirty != (list == PageLists.MODIFIED)) {
      out.add(
          "windows: file page frame "
              + f
              + " is "
              + (dirty ? "dirty" : "clean")
              + " on the "
              + pfn.lists.name(list)
              + " list");
    }
  }
}
