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
import org.vmcompare.os.RunFailure;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;

/**
 * MmAccessFault for private memory: demand-zero (Zeroed, Free, then Standby repurposed), soft
 * faults from a transition PTE (the page is still on Standby, Modified or under write: no I/O), and
 * hard faults from the pagefile, read through the disk queue while the process waits. Every one
 * adds a page to the working set and counts in PageFaultCount.
 */
final class Faults {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final BalanceSetManager bsm;
  private final ModifiedPageWriter writer;
  private final long[] zeroNs = new long[1];

  Faults(
      Nt nt,
      PageLists pfn,
      WorkingSetManager wsm,
      BalanceSetManager bsm,
      ModifiedPageWriter writer) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
    this.bsm = bsm;
    this.writer = writer;
  }

  FaultResult handle(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    if (region != null && VirtualMemory.fileView(region)) {
      return fileFault(p, vaddr, access, region);
    }
    if (region == null || kind != FaultKind.NOT_PRESENT) {
      return FaultResult.SEGV; // no copy-on-write views yet: a protection fault is an AV
    }
    long vpn = nt.vpn(vaddr);
    Protection prot = region.protection();
    boolean allowed =
        access == Access.WRITE
            ? prot.write()
            : access == Access.EXECUTE ? prot.execute() : prot.read();
    if (!allowed || !RegionState.of(region).committed(region.objectPage(vpn))) {
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

  /**
   * A fault on a mapped-file or image view: through the section's prototype PTE, a soft fault when
   * the page is valid in another working set or on Standby, a hard fault (a read of the file
   * through the disk) when it is not in RAM, or was repurposed since.
   */
  private FaultResult fileFault(Proc p, long vaddr, int access, Region region) {
    Protection prot = region.protection();
    boolean write = access == Access.WRITE;
    boolean allowed =
        write ? prot.write() : access == Access.EXECUTE ? prot.execute() : prot.read();
    if (!allowed) {
      return FaultResult.SEGV;
    }
    PageTable pt0 = p.space().pageTable();
    long vpn0 = nt.vpn(vaddr);
    long pte = pt0.get(vpn0);
    if (Pte.present(pte)) {
      int src = (int) Pte.frame(pte);
      return write && pfn.section(src) ? copyOnWrite(p, pt0, vpn0, src, region) : FaultResult.SEGV;
    }
    if (Pte.is(pte, Pte.SW_TRANSITION)) {
      return soft(p, pt0, vpn0, (int) Pte.payload(pte), region); // a private copy, trimmed
    }
    if (Pte.is(pte, Pte.SW_SWAP)) {
      return hard(p, pt0, vpn0, (int) Pte.payload(pte), region);
    }
    // through the prototype PTE; a write faults again on the valid page and copies it
    long vpn = nt.vpn(vaddr);
    long page = region.objectPage(vpn);
    Section section = Section.of(region.object());
    PageTable pt = p.space().pageTable();
    int f = section.frame(page);
    if (f >= 0) {
      int list = pfn.listOf(f);
      if (list == PageLists.TRANSITION) {
        nt.waitForPages(p); // another process's read of this page is in flight
        return FaultResult.BLOCKED;
      }
      if (list != FrameLists.NONE) {
        pfn.lists.remove(f); // on Standby: the exited or trimmed page comes back
      }
      nt.machine.clock().advance(nt.machine.costs().minorFaultNs());
      nt.metrics.increment(nt.faultsSoft);
      installed(p, pt, vpn, f, region, false);
      return FaultResult.RESOLVED;
    }
    int taken = pfn.takeAny();
    if (taken < 0 && bsm.desperate()) {
      taken = pfn.takeAny();
    }
    if (taken < 0) {
      return waitForPages(p);
    }
    int frame = taken;
    SimFile file = region.object().file();
    nt.memory.claim(frame, region.object().id(), (int) page);
    nt.memory.setFlag(frame, PageLists.F_SECTION);
    section.set(page, frame);
    pfn.lists.addTail(PageLists.TRANSITION, frame); // read in progress
    pfn.startWrite(frame); // no pagefile write of the frame's last use may end it now
    p.countMajorFault();
    nt.metrics.increment(Counter.FAULTS_MAJOR);
    nt.metrics.increment(Counter.FILE_READS);
    nt.metrics.increment(nt.faultsHard);
    nt.metrics.increment(nt.faultsAll);
    p.metrics().add(WindowsMetrics.PAGE_FAULTS, 1);
    bsm.pageTaken();
    nt.kernel.waitForRead(
        p,
        1,
        () -> {
          pfn.lists.remove(frame);
          nt.memory.setContent(frame, file.read(page));
          if (!p.alive() || p.space().find(vpn) != region) {
            pfn.share(frame, WorkingSet.of(p).priority);
            pfn.unshare(frame, 0); // nobody maps it: cached on Standby
          } else {
            nt.machine.clock().advance(nt.machine.costs().minorFaultNs());
            nt.machine.map(pt, vpn, frame, bits(region, pfn.section(frame)));
            wsm.add(p, vpn, frame);
          }
          nt.wakeWaiters();
        });
    return FaultResult.BLOCKED;
  }

  /**
   * A write to a copy-on-write view's page still shared with the section: the process gets a
   * private copy (charged at map time), and the section page leaves its working set.
   */
  private FaultResult copyOnWrite(Proc p, PageTable pt, long vpn, int src, Region region) {
    int f = pfn.takeAny();
    if (f < 0) {
      if (!bsm.desperate()) {
        return waitForPages(p);
      }
      if (!Pte.present(pt.get(vpn))) {
        return FaultResult.RESOLVED; // the section page was trimmed meanwhile: fault again
      }
      f = pfn.takeAny();
      if (f < 0) {
        return waitForPages(p);
      }
    }
    long content = nt.memory.content(src);
    long old = nt.machine.unmap(pt, vpn);
    wsm.forget(p, vpn, src);
    pfn.unshare(src, old);
    nt.memory.claim(f, region.object().id(), (int) region.objectPage(vpn));
    nt.memory.setContent(f, content);
    nt.memory.setFlag(f, PhysicalMemory.F_DIRTY); // no copy anywhere: must be written to leave
    nt.machine.clock().advance(nt.machine.costs().copyPageNs());
    nt.metrics.increment(Counter.COW_COPIES);
    installed(p, pt, vpn, f, region, false);
    return FaultResult.RESOLVED;
  }

  private FaultResult demandZero(Proc p, PageTable pt, long vpn, Region region) {
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
    nt.machine
        .clock()
        .advance(
            nt.machine.costs().zeroFillFaultNs() - nt.machine.costs().zeroPageNs() + zeroNs[0]);
    nt.metrics.increment(Counter.ZERO_FILLS);
    nt.metrics.increment(nt.faultsDemandZero);
    installed(p, pt, vpn, f, region, false);
    return FaultResult.RESOLVED;
  }

  private FaultResult soft(Proc p, PageTable pt, long vpn, int f, Region region) {
    if (pfn.listOf(f) != FrameLists.NONE) {
      pfn.lists.remove(f);
    }
    nt.machine.clock().advance(nt.machine.costs().minorFaultNs());
    nt.metrics.increment(nt.faultsSoft);
    installed(p, pt, vpn, f, region, false);
    return FaultResult.RESOLVED;
  }

  private FaultResult hard(Proc p, PageTable pt, long vpn, int slot, Region region) {
    int taken = pfn.takeAny();
    if (taken < 0 && bsm.desperate()) {
      taken = pfn.takeAny();
    }
    if (taken < 0) {
      return waitForPages(p);
    }
    int f = taken;
    nt.memory.claim(f, region.object().id(), (int) region.objectPage(vpn));
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

  private FaultResult waitForPages(Proc p) {
    writer.flush();
    if (!writer.busy()) {
      // Nothing trimmable, nothing to write, no read in flight: no page can ever come free.
      throw new RunFailure(
          "windows: "
              + p
              + " faulted with no page available and nothing to trim or write; the commit"
              + " limit should have prevented this",
          false);
    }
    nt.waitForPages(p);
    return FaultResult.BLOCKED;
  }

  private void installed(Proc p, PageTable pt, long vpn, int f, Region region, boolean major) {
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
