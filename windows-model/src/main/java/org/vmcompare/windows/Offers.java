package org.vmcompare.windows;

import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.Region;

/**
 * OfferVirtualMemory and ReclaimVirtualMemory (issue 9, item 8). An offered page leaves its working
 * set for the Standby list of the offer's priority (VeryLow 1 .. Normal 4, below a normal process's
 * 5) with a PFN flag that keeps it off the Modified list and out of the pagefile, and its PTE
 * becomes inaccessible: a touch is an access violation until the range is reclaimed. A page
 * repurposed meanwhile leaves {@link WindowsPtes#OFFERED_LOST} behind ({@link PageLists}). Reclaim
 * gives every survivor back to its process as a Modified page (its only copy is in RAM again, so it
 * must be written before it can leave) and turns each lost page into demand-zero: ERROR_SUCCESS
 * when none was lost, ERROR_BUSY otherwise, both {@link Outcome#reclaimed}.
 */
final class Offers {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final ModifiedPageWriter writer;
  private final Sections sections;
  private final int offered;
  private final int reclaimed;

  Offers(
      Nt nt, PageLists pfn, WorkingSetManager wsm, ModifiedPageWriter writer, Sections sections) {
    this.nt = nt;
    this.sections = sections;
    this.pfn = pfn;
    this.wsm = wsm;
    this.writer = writer;
    offered = nt.metrics.register("windows.offer.pages", "pages offered (OfferVirtualMemory)");
    reclaimed =
        nt.metrics.register(
            "windows.offer.reclaimed", "offered pages reclaimed with their contents intact");
  }

  /** OfferVirtualMemory: returns the pages offered, or ERROR_INVALID_PARAMETER. */
  Outcome offer(Proc p, Op.Offer op) {
    Region r = op.region();
    String bad = invalid("OfferVirtualMemory", r, op.firstPage(), op.pages());
    if (bad == null && (op.priority() < 1 || op.priority() > 4)) {
      bad = "OfferVirtualMemory: priority " + op.priority() + " is not 1 (VeryLow) .. 4 (Normal)";
    }
    if (bad != null) {
      return Outcome.failed("ERROR_INVALID_PARAMETER", bad);
    }
    int list = PageLists.STANDBY0 + op.priority();
    PageTable pt = p.space().pageTable();
    Section clone = Section.of(r.object());
    if (clone != null) {
      dropCloned(p, pt, r, clone, op.firstPage(), op.pages());
    }
    LongArrayList vpns = vpns(pt, r.startVpn() + op.firstPage(), op.pages());
    for (int i = 0; i < vpns.size(); i++) {
      long vpn = vpns.get(i);
      long pte = pt.get(vpn);
      if (Pte.present(pte)) {
        int f = (int) Pte.frame(pte);
        nt.machine.replaceWithNotPresent(pt, vpn, offeredPte(f));
        wsm.forget(p, vpn, f);
        toStandby(p, vpn, f, op.priority(), list);
      } else if (Pte.is(pte, WindowsPtes.OFFERED_LOST)) {
        continue; // offered before and already lost: it stays lost
      } else if (Pte.is(pte, Pte.SW_TRANSITION)) {
        int f = (int) Pte.payload(pte);
        if (pfn.listOf(f) == PageLists.TRANSITION) {
          pfn.startWrite(f); // under write: the write ends unheeded, the page is not kept
        }
        pfn.lists.remove(f); // Standby, Modified (never written now) or an earlier offer's list
        nt.machine.replaceWithNotPresent(pt, vpn, offeredPte(f));
        toStandby(p, vpn, f, op.priority(), list);
      } else if (Pte.is(pte, Pte.SW_SWAP)) {
        // only in the pagefile: an offered page is never read back from it, so the copy goes
        // now, as if the page had been repurposed right after the offer
        nt.pagefile.release((int) Pte.payload(pte));
        nt.machine.replaceWithNotPresent(pt, vpn, Pte.notPresent(0, WindowsPtes.OFFERED_LOST));
        nt.metrics.increment(nt.offerLost);
        nt.metrics.increment(Counter.DISCARDS);
      }
    }
    // never touched (demand-zero): nothing to lose, but inaccessible all the same
    markUntouched(pt, r.startVpn() + op.firstPage(), op.pages());
    nt.metrics.add(offered, op.pages());
    nt.wakeWaiters(); // the offered pages are available now
    return Outcome.ok(op.pages());
  }

  /**
   * ReclaimVirtualMemory: survivors back to their process (Modified, soft-faulted on the next
   * touch), lost pages demand-zero. Answers {@link Outcome#reclaimed}(pages lost).
   */
  Outcome reclaim(Proc p, Op.Reclaim op) {
    Region r = op.region();
    String bad = invalid("ReclaimVirtualMemory", r, op.firstPage(), op.pages());
    if (bad != null) {
      return Outcome.failed("ERROR_INVALID_PARAMETER", bad);
    }
    PageTable pt = p.space().pageTable();
    LongArrayList vpns = vpns(pt, r.startVpn() + op.firstPage(), op.pages());
    int priority = WorkingSet.of(p).priority;
    long zero = WindowsPtes.demandZero(Section.of(r.object()) != null);
    long lost = 0;
    for (int i = 0; i < vpns.size(); i++) {
      long vpn = vpns.get(i);
      long pte = pt.get(vpn);
      if (Pte.present(pte) || !WindowsPtes.offered(pte)) {
        continue; // not offered: nothing to take back
      }
      if (Pte.is(pte, WindowsPtes.OFFERED_LOST)) {
        nt.machine.replaceWithNotPresent(pt, vpn, zero); // its contents are gone: reads zero
        if (!nt.faults.on(WindowsModuleProvider.RECLAIM_KEEPS_LOST_PAGE)) {
          lost++; // planted: without this, ERROR_SUCCESS although the page reads zero
        }
      } else if (Pte.is(pte, Pte.SW_TRANSITION)) {
        int f = (int) Pte.payload(pte);
        pfn.lists.remove(f);
        nt.memory.clearFlag(f, PageLists.F_OFFERED);
        pfn.own(f, p, vpn, priority);
        nt.machine.replaceWithNotPresent(pt, vpn, Pte.notPresent(f, Pte.SW_TRANSITION));
        pfn.park(f, true); // no copy anywhere: Modified, written before it can leave RAM
        nt.metrics.increment(reclaimed);
      } else {
        nt.machine.replaceWithNotPresent(pt, vpn, zero); // offered untouched: demand-zero again
      }
    }
    writer.maybeWake();
    return Outcome.reclaimed(lost);
  }

  /**
   * In a forked region, the pages still shared with the clone prototype are not the process's to
   * put on a list: offering them drops the process's hold on them at once, as a repurposed offer
   * would (counted lost).
   */
  private void dropCloned(Proc p, PageTable pt, Region r, Section clone, long first, long pages) {
    long lostPte = Pte.notPresent(0, WindowsPtes.OFFERED_LOST);
    for (long vpn = r.startVpn() + first; vpn < r.startVpn() + first + pages; vpn++) {
      long pte = pt.get(vpn);
      long page = r.objectPage(vpn);
      if (Pte.present(pte) && pfn.section((int) Pte.frame(pte))) {
        int f = (int) Pte.frame(pte);
        long old = nt.machine.replaceWithNotPresent(pt, vpn, lostPte);
        wsm.forget(p, vpn, f);
        pfn.unshare(f, old);
      } else if (pte != 0 || clone.users(page) == 0) {
        continue; // the process's own page, or nothing anywhere
      } else {
        pt.set(vpn, lostPte);
      }
      sections.unuse(clone, page);
      nt.metrics.increment(nt.offerLost);
      nt.metrics.increment(Counter.DISCARDS);
    }
  }

  /** The frame goes clean to the offer's Standby list, its pagefile copy (if any) released. */
  private void toStandby(Proc p, long vpn, int f, int priority, int list) {
    nt.memory.clearFlag(f, PhysicalMemory.F_DIRTY);
    nt.memory.setFlag(f, PageLists.F_OFFERED);
    pfn.dropSlot(f);
    pfn.own(f, p, vpn, priority);
    if (nt.faults.on(WindowsModuleProvider.OFFER_WRITES_PAGEFILE)) {
      nt.memory.setFlag(f, PhysicalMemory.F_DIRTY); // planted: the writer will write it
      pfn.lists.addTail(PageLists.MODIFIED, f);
      return;
    }
    pfn.lists.addTail(list, f);
  }

  private static long offeredPte(int f) {
    return Pte.notPresent(f, Pte.SW_TRANSITION | WindowsPtes.OFFERED);
  }

  /** Demand-zero PTEs of the range (no page yet) become offered ones: a touch is an AV. */
  private void markUntouched(PageTable pt, long firstVpn, long pages) {
    for (long vpn = firstVpn; vpn < firstVpn + pages; vpn++) {
      if (pt.get(vpn) == 0) {
        nt.machine.replaceWithNotPresent(pt, vpn, Pte.notPresent(0, WindowsPtes.OFFERED));
      }
    }
  }

  private static LongArrayList vpns(PageTable pt, long firstVpn, long pages) {
    LongArrayList vpns = new LongArrayList();
    pt.forEachLeaf(firstVpn, pages, (vpn, level, pte) -> vpns.add(vpn));
    return vpns;
  }

  /** Why Windows refuses the range (only private committed memory), or null. */
  private static String invalid(String call, Region r, long first, long pages) {
    if (VirtualMemory.view(r)) {
      String type = RegionState.of(r).viewType;
      return call
          + ": '"
          + r.label()
          + "' is a view of a section ("
          + type
          + "); only private committed memory can be offered";
    }
    RegionState s = RegionState.of(r);
    for (long i = first; i < first + pages; i++) {
      if (!s.committed(i)) {
        return call
            + ": page "
            + i
            + " of '"
            + r.label()
            + "' is reserved, not committed; only private committed memory can be offered";
      }
    }
    return null;
  }
}
