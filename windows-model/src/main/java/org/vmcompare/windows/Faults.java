package org.vmcompare.windows;

import org.vmcompare.hw.Access;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.Tokens;

/**
 * MmAccessFault for private memory (views of sections go to {@link SectionFaults}): demand-zero
 * (Zeroed, Free, then Standby repurposed), soft faults from a transition PTE (the page is still on
 * Standby, Modified or under write: no I/O), and hard faults from the pagefile, read through the
 * disk queue while the process waits. Every one adds a page to the working set and counts in
 * PageFaultCount.
 */
final class Faults {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final BalanceSetManager bsm;
  private final ModifiedPageWriter writer;
  private final SectionFaults views;

  /** MiEnsureAvailablePageOrWait: faults that wait while few pages are available. */
  final AvailableWait waits;

  /** What zeroing the last page taken cost (0 when it came from the Zeroed list). */
  final long[] zeroNs = new long[1];

  Faults(
      Nt nt,
      PageLists pfn,
      WorkingSetManager wsm,
      BalanceSetManager bsm,
      ModifiedPageWriter writer,
      Sections sections) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
    this.bsm = bsm;
    this.writer = writer;
    this.waits = new AvailableWait(nt, pfn, bsm, writer);
    this.views = new SectionFaults(nt, pfn, wsm, bsm, sections, this);
  }

  /**
   * A hint with no simulated effect ({@code OsPersonality.prefetchFault}): for a page whose PTE is
   * a transition PTE, its frame's list link and PFN record, which the soft fault updates; for one
   * in the pagefile, its slot's token and reference count, which the hard fault's completion reads.
   */
  void prefetch(Proc p, long vpn) {
    prefetchPte(p.space().pageTable().get(vpn));
  }

  /** {@link #prefetch} from the page's PTE, which the engine has just loaded. */
  void prefetchPte(long pte) {
    if (Pte.is(pte, Pte.SW_TRANSITION)) {
      int f = (int) Pte.payload(pte);
      if (f >= 0 && f < nt.memory.frames()) {
        prefetchSink += pfn.listOf(f) + nt.memory.flags(f);
      }
    } else if (Pte.is(pte, Pte.SW_SWAP)) {
      prefetchSink += nt.pagefile.hint((int) Pte.payload(pte));
    }
  }

  /** What {@link #prefetch} loaded, kept so the loads cannot be optimised away. */
  private long prefetchSink;

  FaultResult handle(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    if (waits.afterTransitionWait(p)) {
      return FaultResult.BLOCKED;
    }
    if (region == null) {
      return FaultResult.SEGV;
    }
    Section section = region.object() == null ? null : Section.of(region.object());
    if (section != null) {
      return views.handle(p, vaddr, access, region, section);
    }
    if (kind != FaultKind.NOT_PRESENT) {
      return FaultResult.SEGV; // a private page is never write-protected but by VirtualProtect
    }
    long vpn = nt.vpn(vaddr);
    if (!allowed(region, access) || !RegionState.of(region).committed(region.objectPage(vpn))) {
      return FaultResult.SEGV; // PAGE_NOACCESS, or reserved and not committed
    }
    PageTable pt = p.space().pageTable();
    long pte = pt.get(vpn);
    if (WindowsPtes.offered(pte)) {
      return FaultResult.SEGV; // offered memory is inaccessible until reclaimed
    }
    if (Pte.is(pte, Pte.SW_TRANSITION)) {
      return soft(p, pt, vpn, (int) Pte.payload(pte), region);
    }
    if (Pte.is(pte, Pte.SW_SWAP)) {
      return hard(p, pt, vpn, (int) Pte.payload(pte), region);
    }
    return demandZero(p, pt, vpn, region);
  }

  static boolean allowed(Region region, int access) {
    Protection prot = region.protection();
    return access == Access.WRITE
        ? prot.write()
        : access == Access.EXECUTE ? prot.execute() : prot.read();
  }

  FaultResult demandZero(Proc p, PageTable pt, long vpn, Region region) {
    if (waits.forPage(p)) {
      return FaultResult.BLOCKED;
    }
    int f = pfn.takeZeroed(zeroNs);
    if (f < 0) {
      if (bsm.desperate()) {
        f = pfn.takeZeroed(zeroNs);
      }
      if (f < 0) {
        return waitForPages(p);
      }
    }
    nt.memory.claim(f, region.object().id(), (int) region.objectPage(vpn));
    nt.memory.setContent(f, Tokens.ZERO);
    nt.memory.setFlag(f, PhysicalMemory.F_DIRTY); // no copy anywhere: must be written to leave
    chargeZeroFill();
    installed(p, pt, vpn, f, region, false);
    return FaultResult.RESOLVED;
  }

  void chargeZeroFill() {
    nt.machine
        .clock()
        .advance(
            nt.machine.costs().zeroFillFaultNs() - nt.machine.costs().zeroPageNs() + zeroNs[0]);
    nt.metrics.increment(Counter.ZERO_FILLS);
    nt.metrics.increment(nt.faultsDemandZero);
  }

  FaultResult soft(Proc p, PageTable pt, long vpn, int f, Region region) {
    if (waits.inTransition(p)) {
      return FaultResult.BLOCKED;
    }
    if (pfn.listOf(f) != FrameLists.NONE) {
      pfn.lists.remove(f);
    }
    nt.machine.clock().advance(nt.machine.costs().minorFaultNs());
    nt.metrics.increment(nt.faultsSoft);
    installed(p, pt, vpn, f, region, false);
    return FaultResult.RESOLVED;
  }

  FaultResult hard(Proc p, PageTable pt, long vpn, int slot, Region region) {
    if (waits.forPage(p)) {
      return FaultResult.BLOCKED;
    }
    int taken = pfn.takeAny();
    if (taken < 0 && bsm.desperate()) {
      taken = pfn.takeAny();
    }
    if (taken < 0) {
      return waitForPages(p);
    }
    int f = taken;
    nt.memory.claim(f, region.object().id(), (int) region.objectPage(vpn));
    nt.memory.setFlag(f, PageLists.F_READING);
    pfn.lists.addTail(PageLists.TRANSITION, f); // read in progress
    pfn.startWrite(f);
    p.countMajorFault();
    nt.metrics.increment(Counter.FAULTS_MAJOR);
    nt.metrics.increment(Counter.SWAP_IN);
    nt.metrics.increment(nt.faultsHard);
    nt.metrics.increment(nt.faultsAll);
    p.metrics().add(WindowsMetrics.PAGE_FAULTS, 1);
    bsm.pageTaken();
    nt.kernel.waitForRead(
        p,
        1,
        () -> {
          pfn.lists.remove(f);
          nt.memory.clearFlag(f, PageLists.F_READING);
          if (!p.alive()) {
            pfn.free(f);
            return;
          }
          nt.memory.setContent(f, nt.pagefile.read(slot));
          pfn.setSlot(f, slot); // the pagefile copy stays valid until the page is dirtied
          nt.machine.clock().advance(nt.machine.costs().minorFaultNs());
          nt.machine.map(pt, vpn, f, bits(region, pfn.section(f)));
          wsm.add(p, vpn, f);
          nt.wakeWaiters();
        });
    return FaultResult.BLOCKED;
  }

  FaultResult waitForPages(Proc p) {
    writer.flush();
    if (!writer.busy()) {
      // Nothing trimmable, nothing to write, no read in flight: no page can ever come free.
      throw bsm.noPageCanCome(p, "faulted", "the commit limit should have prevented this");
    }
    nt.waitForPages(p);
    return FaultResult.BLOCKED;
  }

  void installed(Proc p, PageTable pt, long vpn, int f, Region region, boolean major) {
    nt.machine.map(pt, vpn, f, bits(region, pfn.section(f)));
    wsm.add(p, vpn, f);
    if (!major) {
      p.countMinorFault();
      nt.metrics.increment(Counter.FAULTS_MINOR);
    }
    nt.metrics.increment(nt.faultsAll);
    p.metrics().add(WindowsMetrics.PAGE_FAULTS, 1);
    bsm.pageTaken();
  }

  /**
   * PTE bits for a page of the region; a section page is writable only through a shared view (a
   * copy-on-write view copies it first).
   */
  static long bits(Region region, boolean section) {
    Protection prot = region.protection();
    boolean writable = prot.write() && (!section || region.sharing() == Region.Sharing.SHARED);
    return Pte.USER | (writable ? Pte.WRITABLE : 0) | (prot.execute() ? 0 : Pte.NO_EXECUTE);
  }
}
