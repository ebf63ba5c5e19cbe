package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * Faults on file mappings (do_read_fault, do_shared_fault, do_cow_fault and filemap_fault). A read
 * fault first maps the already-cached pages of its aligned fault-around window (filemap_map_pages),
 * which resolves it when its own page was among them; otherwise the page is looked up in the page
 * cache — a hit is a minor fault, a miss reads around it and the process waits (a major fault).
 * Pages are mapped read-only: a write to a shared mapping faults again to mark the page dirty
 * (write-notify, as ext4 asks), a write to a private one copies it into an anonymous page.
 */
final class FileFaults {
  private final Mm mm;
  private final Lru lru;
  private final PageAllocator alloc;
  private final PageLocks locks;
  private final Readahead readahead;
  private final int faultAround;
  private final long ptrsPerPte;

  FileFaults(Mm mm, Lru lru, PageAllocator alloc, PageLocks locks, Readahead readahead) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.alloc = Objects.requireNonNull(alloc, "alloc is null");
    this.locks = Objects.requireNonNull(locks, "locks is null");
    this.readahead = Objects.requireNonNull(readahead, "readahead is null");
    this.ptrsPerPte = mm.machine.paging().pagesPerEntry(1);
    this.faultAround = mm.options.faultAroundPages(mm.pageSize, (int) ptrsPerPte);
  }

  FaultResult fault(
      Proc p, MmState st, Region r, PageTable pt, long vpn, int access, boolean tried) {
    MemoryObject obj = r.object();
    long page = r.objectPage(vpn);
    if (page >= obj.pages()) {
      return FaultResult.SEGV; // SIGBUS: the mapping reaches past the end of the file
    }
    boolean write = access == Access.WRITE;
    if (!write && faultAround > 1 && faultAround(st, r, pt, vpn)) {
      mm.account(p, tried);
      return FaultResult.RESOLVED;
    }
    RaWindow ra = r.modelState().computeIfAbsent(RaWindow.KEY, RaWindow::new);
    int frame = PageCache.find(obj, page);
    if (frame < 0) {
      st.retryVpn = vpn;
      int missed = readahead.mmapMiss(p, obj, page, ra);
      return missed == 0 ? FaultResult.BLOCKED : FaultHandler.failed(missed);
    }
    if (locks.locked(frame)) {
      st.retryVpn = vpn;
      locks.waitFor(frame, p);
      return FaultResult.BLOCKED;
    }
    if (!tried && mm.memory.hasFlag(frame, PageFlags.READAHEAD)) {
      readahead.markerHit(p, obj, page, frame, ra);
    }
    if (write && r.sharing() == Region.Sharing.PRIVATE) {
      return copy(p, st, r, pt, vpn, frame, tried);
    }
    long bits = Pte.USER | noExec(r);
    if (write) {
      bits |= Pte.WRITABLE | Pte.DIRTY; // do_shared_fault: page_mkwrite, then dirty
      mm.memory.setFlag(frame, PageFlags.DIRTY);
    }
    mm.machine.map(pt, vpn, frame, bits);
    st.addFile(1);
    mm.charge(mm.costs.minorFaultNs());
    mm.account(p, tried);
    return FaultResult.RESOLVED;
  }

  /**
   * do_fault_around: maps the cached, uptodate, unmarked pages of the window of {@code
   * faultAroundBytes} aligned in the address space, clamped to the VMA and its page table, into
   * empty PTEs. Returns whether the faulting page was among them.
   */
  private boolean faultAround(MmState st, Region r, PageTable pt, long vpn) {
    long from = Math.max(vpn & -faultAround, r.startVpn());
    long to = Math.min(Math.min(from + faultAround, (vpn & -ptrsPerPte) + ptrsPerPte), r.endVpn());
    MemoryObject obj = r.object();
    boolean mapped = false;
    for (long v = from; v < to; v++) {
      long page = r.objectPage(v);
      if (page >= obj.pages()) {
        break;
      }
      int frame = PageCache.find(obj, page);
      if (frame < 0
          || pt.get(v) != 0
          || mm.memory.hasFlag(frame, PageFlags.LOCKED | PageFlags.READAHEAD)) {
        continue;
      }
      mm.machine.map(pt, v, frame, Pte.USER | noExec(r));
      st.addFile(1);
      if (v == vpn) {
        mapped = true;
      } else {
        mm.metrics.increment(mm.faultAroundMapped);
      }
    }
    return mapped;
  }

  /** do_cow_fault: a write to a private file page copies it into a new anonymous page. */
  private FaultResult copy(
      Proc p, MmState st, Region r, PageTable pt, long vpn, int source, boolean tried) {
    int frame = mm.allocPinning(alloc, p, source);
    if (frame < 0) {
      return FaultHandler.failed(frame);
    }
    if (pt.get(vpn) != 0 || PageCache.find(r.object(), r.objectPage(vpn)) != source) {
      lru.freeFrame(frame); // reclaim for this allocation changed things: fault again
      return FaultResult.RESOLVED;
    }
    mm.memory.claim(frame, r.object().id(), (int) r.objectPage(vpn));
    mm.memory.setFlag(frame, PageFlags.ANON);
    mm.memory.setContent(frame, mm.memory.content(source));
    lru.add(frame, mm.options.anonStartsActive());
    VmaState.of(r).anonVma = true;
    mm.machine.map(pt, vpn, frame, Pte.USER | Pte.WRITABLE | Pte.DIRTY | noExec(r));
    st.addAnon(1);
    mm.metrics.increment(Counter.COW_COPIES);
    mm.charge(mm.costs.copyPageNs() + mm.costs.minorFaultNs());
    mm.account(p, tried);
    return FaultResult.RESOLVED;
  }

  /** Write-notify: a write to a read-only shared file page marks it dirty and makes it writable. */
  FaultResult writeNotify(Proc p, PageTable pt, long vpn, int frame, boolean tried) {
    mm.memory.setFlag(frame, PageFlags.DIRTY);
    mm.machine.updateBits(pt, vpn, Pte.WRITABLE | Pte.DIRTY, 0);
    mm.charge(mm.costs.minorFaultNs());
    mm.account(p, tried);
    return FaultResult.RESOLVED;
  }

  private static long noExec(Region r) {
    return r.protection().execute() ? 0 : Pte.NO_EXECUTE;
  }
}
