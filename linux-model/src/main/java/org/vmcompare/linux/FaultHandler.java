package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * handle_mm_fault: checks the access against the VMA, then resolves it as mm/memory.c does — a read
 * of untouched anonymous memory maps the shared zero page, a write allocates a zeroed page, a write
 * to a read-only present page copies it or (mapped once) just makes it writable.
 *
 * <p>Faults are counted when they complete, as mm_account_fault does: a fault that had to wait for
 * I/O and is issued again (FAULT_FLAG_TRIED) counts once, as major.
 */
final class FaultHandler {
  private final Mm mm;
  private final Lru lru;
  private final PageAllocator alloc;
  private final SwapCache swapCache;
  private final SwapIn swapIn;
  private final FileFaults files;
  private final Folios thp;
  private final HugeFaults huge;
  private final Teardown teardown;
  private final Shmem shmem;

  FaultHandler(
      Mm mm,
      Lru lru,
      PageAllocator alloc,
      SwapCache swapCache,
      SwapIn swapIn,
      FileFaults files,
      Folios thp,
      HugeFaults huge,
      Teardown teardown,
      Shmem shmem) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.alloc = Objects.requireNonNull(alloc, "alloc is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.swapIn = Objects.requireNonNull(swapIn, "swapIn is null");
    this.files = Objects.requireNonNull(files, "files is null");
    this.thp = Objects.requireNonNull(thp, "thp is null");
    this.huge = Objects.requireNonNull(huge, "huge is null");
    this.teardown = Objects.requireNonNull(teardown, "teardown is null");
    this.shmem = Objects.requireNonNull(shmem, "shmem is null");
  }

  FaultResult handle(Proc p, long vaddr, int access, FaultKind kind, Region r) {
    long vpn = vaddr >>> mm.pageShift;
    if (r == null || !allowed(VmaState.of(r).protectionAt(r, vpn - r.startVpn()), access)) {
      return FaultResult.SEGV; // bad_area: no VMA, or the VMA forbids the access
    }
    MmState st = MmState.of(p);
    boolean tried = st.retryVpn == vpn;
    st.retryVpn = -1;
    PageTable pt = p.space().pageTable();
    long pte = pt.get(vpn);
    if (Pte.present(pte)) {
      if (access != Access.WRITE) {
        return FaultResult.SEGV; // present and readable: only a protection the VMA lacks faults
      }
      if (pt.leafLevel(vpn) > 0) {
        // do_huge_pmd_wp_page: a huge page mapped once is reused; otherwise (5.8+) the PMD is
        // split and only the written base page is copied
        int head = (int) Pte.frame(pte);
        if (!thp.isHugeZero(head) && thp.mappedOnce(head)) {
          mm.machine.updateBits(pt, vpn, Pte.WRITABLE | Pte.DIRTY, Pte.SW_COW);
          mm.charge(mm.costs.minorFaultNs());
          mm.account(p, tried);
          return FaultResult.RESOLVED;
        }
        if (!thp.isHugeZero(head)
            && mm.options.thpCowCopy() == LinuxOptions.ThpCow.HUGE
            && huge.copy(p, pt, vpn, r, head)) {
          teardown.putAnon(head); // its other mappers may have gone meanwhile
          mm.account(p, tried);
          return FaultResult.RESOLVED;
        }
        thp.splitPmd(pt, vpn);
        pte = pt.get(vpn);
      }
      return writeProtected(p, st, r, pt, vpn, pte, tried);
    }
    if (Pte.is(pte, Pte.SW_SWAP)) {
      return swapIn.fault(p, st, r, pt, vpn, pte, access, tried);
    }
    if (r.object().kind() == MemoryObject.Kind.FILE) {
      return files.fault(p, st, r, pt, vpn, access, tried);
    }
    if (r.object().kind() == MemoryObject.Kind.ANONYMOUS) {
      return anonymous(p, st, r, pt, vpn, access, tried);
    }
    if (r.object().kind() == MemoryObject.Kind.SHARED) {
      return shmem.fault(p, st, r, pt, vpn, access, tried);
    }
    throw new IllegalStateException("linux: no fault path for " + r.object() + " yet");
  }

  private static boolean allowed(Protection prot, int access) {
    return switch (access) {
      case Access.WRITE -> prot.write();
      case Access.EXECUTE -> prot.execute();
      default -> prot.read();
    };
  }

  /** do_anonymous_page: the zero page for a read, a new zeroed page for a write. */
  private FaultResult anonymous(
      Proc p, MmState st, Region r, PageTable pt, long vpn, int access, boolean tried) {
    if (huge.eligible(r, vpn) && huge.pmdNone(pt, vpn)) {
      if (access == Access.WRITE ? huge.mapNew(p, pt, vpn, r) >= 0 : huge.mapZero(pt, vpn, r)) {
        if (access != Access.WRITE) {
          mm.charge(mm.costs.zeroPageMapNs());
        }
        mm.account(p, tried);
        return FaultResult.RESOLVED;
      }
    }
    if (access != Access.WRITE) {
      mm.machine.map(pt, vpn, mm.zeroFrame, Pte.USER | noExec(r));
      mm.charge(mm.costs.zeroPageMapNs());
      mm.account(p, tried);
      return FaultResult.RESOLVED;
    }
    int frame = newAnonPage(p, r, vpn);
    if (frame < 0) {
      return failed(frame);
    }
    if (pt.get(vpn) != 0) {
      lru.freePage(frame); // reclaim for this allocation changed the entry: fault again
      return FaultResult.RESOLVED;
    }
    mm.machine.map(pt, vpn, frame, Pte.USER | Pte.WRITABLE | Pte.DIRTY | noExec(r));
    st.addAnon(1);
    mm.charge(mm.costs.zeroFillFaultNs());
    mm.account(p, tried);
    return FaultResult.RESOLVED;
  }

  /** What a fault answers when its allocation failed: the process died, or waits for memory. */
  static FaultResult failed(int allocResult) {
    return allocResult == PageAllocator.THROTTLED ? FaultResult.BLOCKED : FaultResult.KILLED;
  }

  /**
   * A zeroed anonymous page for a VPN of {@code r}, on its LRU list; or the allocator's failure
   * (negative).
   */
  private int newAnonPage(Proc p, Region r, long vpn) {
    int frame = alloc.alloc(p);
    if (frame < 0) {
      return frame;
    }
    mm.memory.claim(frame, r.object().id(), (int) r.objectPage(vpn));
    mm.memory.setFlag(frame, PageFlags.ANON);
    lru.add(frame, mm.options.anonStartsActive());
    VmaState.of(r).anonVma = true;
    mm.metrics.increment(Counter.ZERO_FILLS);
    return frame;
  }

  /**
   * do_wp_page: a write to a present read-only page. The zero page is replaced by a zeroed page; an
   * anonymous page mapped once is reused (made writable, no copy); any other page of a private
   * mapping is copied.
   */
  private FaultResult writeProtected(
      Proc p, MmState st, Region r, PageTable pt, long vpn, long pte, boolean tried) {
    int old = (int) Pte.frame(pte);
    if (old == mm.zeroFrame) {
      int frame = newAnonPage(p, r, vpn);
      if (frame < 0) {
        return failed(frame);
      }
      if (pt.get(vpn) != pte) {
        lru.freePage(frame);
        return FaultResult.RESOLVED;
      }
      mm.machine.map(pt, vpn, frame, Pte.USER | Pte.WRITABLE | Pte.DIRTY | noExec(r));
      st.addAnon(1);
      mm.charge(mm.costs.zeroFillFaultNs());
      mm.account(p, tried);
      return FaultResult.RESOLVED;
    }
    if (!mm.isAnon(old) && r.sharing() == Region.Sharing.SHARED) {
      return files.writeNotify(p, pt, vpn, old, tried);
    }
    if (mm.isAnon(old)
        && !thp.inFolio(old) // never a page of a huge page (wp_can_reuse_anon_folio)
        && ((mm.rmap.mapCount(old) == 1 && freeSwapToReuse(old))
            || mm.faults.on(LinuxFaults.FORGET_COW_COPY))) {
      mm.machine.updateBits(pt, vpn, Pte.WRITABLE | Pte.DIRTY, Pte.SW_COW);
      mm.charge(mm.costs.minorFaultNs());
      mm.account(p, tried);
      return FaultResult.RESOLVED;
    }
    return copy(p, st, r, pt, vpn, pte, old, tried);
  }

  /**
   * wp_can_reuse_anon_folio's swap-cache step: a page in the swap cache can be reused only once its
   * slot is freed, which needs no other process's swap entry to name it.
   */
  private boolean freeSwapToReuse(int frame) {
    int slot = swapCache.slot(frame);
    if (slot < 0) {
      return true;
    }
    if (!swapCache.onlyCacheHolds(slot)) {
      return false;
    }
    swapCache.delete(frame);
    mm.memory.setFlag(frame, PageFlags.DIRTY);
    return true;
  }

  /** wp_page_copy: a private copy of a page others map too (or of a page-cache page). */
  private FaultResult copy(
      Proc p, MmState st, Region r, PageTable pt, long vpn, long pte, int old, boolean tried) {
    int frame = mm.allocPinning(alloc, p, old);
    if (frame < 0) {
      return failed(frame);
    }
    if (pt.get(vpn) != pte) {
      lru.freeFrame(frame); // reclaim for this allocation took the old page: fault again
      return FaultResult.RESOLVED;
    }
    mm.memory.claim(frame, r.object().id(), (int) r.objectPage(vpn));
    mm.memory.setFlag(frame, PageFlags.ANON);
    mm.memory.setContent(frame, mm.memory.content(old));
    lru.add(frame, mm.options.anonStartsActive());
    VmaState.of(r).anonVma = true;
    boolean wasAnon = mm.isAnon(old);
    mm.machine.map(pt, vpn, frame, Pte.USER | Pte.WRITABLE | Pte.DIRTY | noExec(r));
    if (!wasAnon) {
      st.addFile(-1);
      st.addAnon(1);
    } else {
      // The copy's other mappers may have gone while it allocated (the OOM killer chose one):
      // then this was the last mapping of the old page, and it is freed (wp_page_copy's
      // folio_remove_rmap_pte and folio_put).
      teardown.putAnon(old);
    }
    mm.metrics.increment(Counter.COW_COPIES);
    mm.charge(mm.costs.copyPageNs() + mm.costs.minorFaultNs());
    mm.account(p, tried);
    return FaultResult.RESOLVED;
  }

  private static long noExec(Region r) {
    return r.protection().execute() ? 0 : Pte.NO_EXECUTE;
  }
}
