package org.vmcompare.windows;

import java.util.Arrays;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;

/**
 * MmAccessFault in a view of a section (a mapped file or image, shared memory, a forked region):
 * through the prototype PTE a page is found valid elsewhere or on a list (soft), read from its file
 * or the pagefile (hard), or zeroed for shared memory; a write in a copy-on-write view copies the
 * page. The process's own private pages in such a view fault as in {@link Faults}.
 */
final class SectionFaults {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final BalanceSetManager bsm;
  private final Sections sections;
  private final Faults priv;

  SectionFaults(
      Nt nt,
      PageLists pfn,
      WorkingSetManager wsm,
      BalanceSetManager bsm,
      Sections sections,
      Faults priv) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
    this.bsm = bsm;
    this.sections = sections;
    this.priv = priv;
  }

  /**
   * A fault in a view of a section (a mapped file or image, shared memory, a forked region): a
   * write to a section page in a copy-on-write view copies it; the process's own private copies
   * fault like private memory; anything else goes through the prototype PTE.
   */
  FaultResult handle(Proc p, long vaddr, int access, Region region, Section section) {
    long vpn = nt.vpn(vaddr);
    boolean write = access == Access.WRITE;
    if (!Faults.allowed(region, access)
        || !RegionState.of(region).committed(region.objectPage(vpn))) {
      return FaultResult.SEGV;
    }
    PageTable pt = p.space().pageTable();
    long pte = pt.get(vpn);
    if (Pte.present(pte)) {
      int src = (int) Pte.frame(pte);
      return write && pfn.section(src) && region.sharing() == Region.Sharing.PRIVATE
          ? copyOnWrite(p, pt, vpn, src, region)
          : FaultResult.SEGV;
    }
    if (WindowsPtes.offered(pte)) {
      return FaultResult.SEGV;
    }
    if (Pte.is(pte, Pte.SW_TRANSITION)) {
      return priv.soft(p, pt, vpn, (int) Pte.payload(pte), region); // a private copy, trimmed
    }
    if (Pte.is(pte, Pte.SW_SWAP)) {
      return priv.hard(p, pt, vpn, (int) Pte.payload(pte), region);
    }
    if (Pte.is(pte, WindowsPtes.DEMAND_ZERO)) {
      return priv.demandZero(p, pt, vpn, region); // discarded: private and zero
    }
    Section.Found at = section.find(region.objectPage(vpn));
    return prototypeFault(p, pt, vpn, write, region, at.section(), at.page());
  }

  /**
   * Through the prototype PTE: a page valid in another working set, on a list, or under write is a
   * soft fault (no I/O; the PFN share count goes up); a page in the pagefile or only in its file is
   * a hard fault, read through the disk queue while only the faulting process waits; a page of
   * shared memory never touched is demand-zero. A write in a copy-on-write view copies the page at
   * once.
   */
  private FaultResult prototypeFault(
      Proc p, PageTable pt, long vpn, boolean write, Region region, Section s, long page) {
    int f = s.frame(page);
    if (f >= 0) {
      if (nt.memory.hasFlag(f, PageLists.F_READING)) {
        nt.waitForPages(p); // another process's read of this page is in flight
        return FaultResult.BLOCKED;
      }
      if (write && region.sharing() == Region.Sharing.PRIVATE) {
        return copyOnWrite(p, pt, vpn, f, region);
      }
      if (pfn.listOf(f) != FrameLists.NONE) {
        if (priv.waits.inTransition(p)) {
          return FaultResult.BLOCKED;
        }
        pfn.lists.remove(f); // on Standby or Modified, or under write: the page comes back
      }
      nt.machine.clock().advance(nt.machine.costs().minorFaultNs());
      nt.metrics.increment(nt.faultsSoft);
      priv.installed(p, pt, vpn, f, region, false);
      return FaultResult.RESOLVED;
    }
    int slot = s.slot(page);
    if (slot < 0 && s.kind != Section.Kind.FILE) {
      if (s.kind == Section.Kind.CLONE) {
        return priv.demandZero(
            p, pt, vpn, region); // neither process had the page: a private zero page
      }
      return sectionZero(p, pt, vpn, region, s, page);
    }
    if (priv.waits.forPage(p)) {
      return FaultResult.BLOCKED;
    }
    int taken = pfn.takeAny();
    if (taken < 0 && bsm.desperate()) {
      taken = pfn.takeAny();
    }
    if (taken < 0) {
      return priv.waitForPages(p);
    }
    if (s.frame(page) >= 0 || s.slot(page) != slot) {
      pfn.unused(taken); // the page moved while pages were found: fault again
      return FaultResult.RESOLVED;
    }
    int frame = taken;
    nt.memory.claim(frame, s.object.id(), (int) page);
    nt.memory.setFlag(frame, PageLists.F_SECTION | PageLists.F_READING);
    s.set(page, frame);
    pfn.lists.addTail(PageLists.TRANSITION, frame); // read in progress
    pfn.startWrite(frame); // no pagefile write of the frame's last use may end it now
    p.countMajorFault();
    nt.metrics.increment(Counter.FAULTS_MAJOR);
    nt.metrics.increment(slot >= 0 ? Counter.SWAP_IN : Counter.FILE_READS);
    nt.metrics.increment(nt.faultsHard);
    nt.metrics.increment(nt.faultsAll);
    p.metrics().add(WindowsMetrics.PAGE_FAULTS, 1);
    bsm.pageTaken();
    if (slot >= 0) {
      pfn.setSlot(frame, slot); // the PFN owns the pagefile copy now, valid until dirtied
    }
    int priority = WorkingSet.of(p).priority;
    long[] cluster = s.kind == Section.Kind.FILE ? cluster(s, page, region) : NO_PAGES;
    int[] clusterFrames = new int[cluster.length];
    int extra = 0;
    while (extra < cluster.length) {
      int g = pfn.takeAny();
      if (g < 0) {
        break;
      }
      nt.memory.claim(g, s.object.id(), (int) cluster[extra]);
      nt.memory.setFlag(g, PageLists.F_SECTION | PageLists.F_READING);
      s.set(cluster[extra], g);
      pfn.lists.addTail(PageLists.TRANSITION, g);
      pfn.startWrite(g);
      clusterFrames[extra++] = g;
    }
    int readAlong = extra;
    if (readAlong > 0) {
      nt.metrics.add(Counter.FILE_READS, readAlong);
      nt.metrics.add(nt.clusterPages, readAlong);
      bsm.pageTaken();
    }
    SimFile file = s.object.file();
    nt.kernel.waitForRead(
        p,
        1 + readAlong,
        () -> {
          for (int j = 0; j < readAlong; j++) {
            // the cluster's other pages: their prototype PTEs go to transition, on Standby
            int g = clusterFrames[j];
            pfn.lists.remove(g);
            nt.memory.clearFlag(g, PageLists.F_READING);
            nt.memory.setContent(g, file.read(cluster[j]));
            pfn.share(g, priority);
            pfn.unshare(g, 0);
          }
          pfn.lists.remove(frame);
          nt.memory.clearFlag(frame, PageLists.F_READING);
          nt.memory.setContent(frame, slot >= 0 ? nt.pagefile.read(slot) : file.read(page));
          if (!p.alive()
              || p.space().find(vpn) != region
              || pt.get(vpn) != 0 && !Pte.is(pt.get(vpn), Pte.SW_PROTOTYPE)) {
            pfn.share(frame, WorkingSet.of(p).priority);
            pfn.unshare(frame, 0); // nobody maps it: cached on Standby
          } else {
            nt.machine.clock().advance(nt.machine.costs().minorFaultNs());
            nt.machine.map(pt, vpn, frame, Faults.bits(region, true));
            wsm.add(p, vpn, frame);
          }
          nt.wakeWaiters();
        });
    return FaultResult.BLOCKED;
  }

  private static final long[] NO_PAGES = new long[0];

  /** Prototype PTEs in a page of them (a page of 8-byte PTEs): clusters stay within one. */
  private static final long PTES_PER_PAGE = 512;

  /**
   * MiResolveMappedFileFault's clustering (WRK base/ntos/mm/pagfault.c): with enough pages
   * available ({@link Nt#readCluster}), the pages of the file after the faulting one, then before
   * it, whose prototype PTEs are still as the faulting one's was (only in the file: not resident,
   * not in transition), within the same page of prototype PTEs and the file, up to the cluster
   * size. They are read with it in one disk read and go to Standby, not into the working set.
   */
  private long[] cluster(Section s, long page, Region region) {
    boolean image = "Image".equals(RegionState.of(region).viewType);
    int size = image ? nt.codeCluster : nt.readCluster;
    long needed = image ? nt.imageClusterAvailable : nt.dataClusterAvailable;
    if (size == 0 || pfn.available() <= needed) {
      return NO_PAGES;
    }
    long end = s.object.pages();
    long[] out = new long[size];
    int n = 0;
    for (long q = page + 1; n < size && q < end && q % PTES_PER_PAGE != 0 && inFile(s, q); q++) {
      out[n++] = q;
    }
    for (long q = page - 1;
        n < size && q >= 0 && q % PTES_PER_PAGE != PTES_PER_PAGE - 1 && inFile(s, q);
        q--) {
      out[n++] = q;
    }
    return n == size ? out : Arrays.copyOf(out, n);
  }

  /** A page of a file section found only in its file: no frame, no pagefile copy. */
  private static boolean inFile(Section s, long q) {
    return s.frame(q) < 0 && s.slot(q) < 0;
  }

  /** First touch of a page of shared memory: a zeroed page that belongs to the section. */
  private FaultResult sectionZero(
      Proc p, PageTable pt, long vpn, Region region, Section s, long page) {
    if (priv.waits.forPage(p)) {
      return FaultResult.BLOCKED;
    }
    int f = pfn.takeZeroed(priv.zeroNs);
    if (f < 0) {
      if (bsm.desperate()) {
        f = pfn.takeZeroed(priv.zeroNs);
      }
      if (f < 0) {
        return priv.waitForPages(p);
      }
    }
    if (s.has(page)) {
      pfn.unused(f); // another process's fault filled the page meanwhile: fault again
      return FaultResult.RESOLVED;
    }
    nt.memory.claim(f, s.object.id(), (int) page);
    nt.memory.setContent(f, Tokens.ZERO);
    nt.memory.setFlag(f, PageLists.F_SECTION | PhysicalMemory.F_DIRTY);
    s.set(page, f);
    priv.chargeZeroFill();
    priv.installed(p, pt, vpn, f, region, false);
    return FaultResult.RESOLVED;
  }

  /**
   * A write to a section page in a copy-on-write view (a private file view, a forked region): the
   * process gets a private copy (charged when the view was), and the section page leaves its
   * working set if it was there. The source is kept off every list while a page is found, so it
   * cannot be the page repurposed.
   */
  private FaultResult copyOnWrite(Proc p, PageTable pt, long vpn, int src, Region region) {
    if (priv.waits.forPage(p)) {
      return FaultResult.BLOCKED;
    }
    int list = pfn.listOf(src);
    if (list != FrameLists.NONE) {
      pfn.lists.remove(src);
    }
    int f = pfn.takeAny();
    // a desperate trim may take the source itself from this working set, and count it as the
    // page it made available: taken off its list again, it leaves none, so trim again
    while (f < 0 && bsm.desperate()) {
      int after = pfn.listOf(src);
      if (after != FrameLists.NONE) {
        pfn.lists.remove(src);
        list = after;
      }
      f = pfn.takeAny();
    }
    if (list != FrameLists.NONE) {
      pfn.lists.addTail(list, src);
    }
    if (f < 0) {
      return priv.waitForPages(p);
    }
    long content = nt.memory.content(src);
    if (Pte.present(pt.get(vpn))) {
      long old = nt.machine.unmap(pt, vpn);
      wsm.forget(p, vpn, src);
      pfn.unshare(src, old);
    }
    nt.memory.claim(f, region.object().id(), (int) region.objectPage(vpn));
    nt.memory.setContent(f, content);
    nt.memory.setFlag(f, PhysicalMemory.F_DIRTY); // no copy anywhere: must be written to leave
    nt.machine.clock().advance(nt.machine.costs().copyPageNs());
    nt.metrics.increment(Counter.COW_COPIES);
    priv.installed(p, pt, vpn, f, region, false);
    sections.unuse(Section.of(region.object()), region.objectPage(vpn)); // a clone's page, if any
    return FaultResult.RESOLVED;
  }
}
