package org.vmcompare.linux;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * POSIX shared memory (shm_open on the tmpfs of /dev/shm, then mmap MAP_SHARED; mm/shmem.c). The
 * named object is a {@code SHARED} memory object whose slots are its page cache, as a tmpfs file's
 * address_space: a resident page's slot holds its frame + 1, a swapped-out page's slot holds its
 * swap entry as {@code -(slot + 1)}. Its pages are swap-backed: they sit on the anon LRU lists,
 * reclaim writes a dirty one to swap (shmem_writepage) and clears the PTEs that map it (the swap
 * entry stays in the object, not in the page tables), and a fault reads it back (shmem_swapin). The
 * object outlives its mappers: with no shm_unlink in the workload language, it lives until the run
 * ends, as a /dev/shm file does until it is removed.
 */
final class Shmem {
  private final Mm mm;
  private final Lru lru;
  private final PageAllocator alloc;
  private final SwapCache swapCache;
  private final PageLocks locks;
  private final Mappings mappings;
  private final Set<MemoryObject> objects = new LinkedHashSet<>();
  private final long faultAround;
  private final long ptrsPerPte;
  private long pages;

  Shmem(Mm mm, Lru lru, PageAllocator alloc, SwapCache swapCache, PageLocks locks) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.alloc = Objects.requireNonNull(alloc, "alloc is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.locks = Objects.requireNonNull(locks, "locks is null");
    this.mappings = new Mappings(mm.kernel);
    this.ptrsPerPte = mm.machine.paging().pagesPerEntry(1);
    this.faultAround = mm.options.faultAroundPages(mm.pageSize, (int) ptrsPerPte);
  }

  /**
   * shm_open (O_CREAT and ftruncate when the step gives a size, else open) then mmap MAP_SHARED of
   * the whole object or the size asked. A create of an existing object grows it to the size when
   * smaller and never shrinks it; an open of a name no one created is ENOENT. No commit charge (a
   * tmpfs file is charged by the page as it fills, which the model leaves out).
   */
  Outcome share(Proc p, Op.Share op) {
    MemoryObject obj;
    if (op.create()) {
      obj = mm.kernel.sharedObject(op.sharedName(), op.pages());
      if (obj.pages() < op.pages()) {
        obj.setPages(op.pages());
      }
    } else {
      obj = mm.kernel.findSharedObject(op.sharedName());
      if (obj == null) {
        return Outcome.failed("ENOENT", "shm_open: no shared object '" + op.sharedName() + "'");
      }
    }
    objects.add(obj);
    long size = op.pages() > 0 ? op.pages() : obj.pages();
    Protection prot = op.protection() == null ? Protection.READ_WRITE : op.protection();
    Region r =
        mappings.map(
            p.space(),
            op.label(),
            obj,
            0,
            size,
            prot,
            new Protection(true, true, true),
            Region.Sharing.SHARED);
    if (r == null) {
      return Outcome.failed("ENOMEM", "no room in the address space for " + size + " pages");
    }
    return Outcome.ok(r.startVpn() << mm.pageShift);
  }

  /** Every shared object the run created, in creation order. */
  List<MemoryObject> objects() {
    return new ArrayList<>(objects);
  }

  /** Resident shmem pages (meminfo's Shmem). */
  long pages() {
    return pages;
  }

  /** The frame of an object's resident page, or -1. */
  static int frame(MemoryObject obj, long page) {
    long v = obj.slots().get(page);
    return v > 0 ? (int) (v - 1) : -1;
  }

  /** The swap slot of an object's swapped-out page, or -1. */
  static int swapSlot(MemoryObject obj, long page) {
    long v = obj.slots().get(page);
    return v < 0 ? (int) (-v - 1) : -1;
  }

  boolean isShmem(int frame) {
    return mm.memory.hasFlag(frame, PageFlags.SHMEM);
  }

  /**
   * shmem_fault: fault-around maps the resident neighbours on a read; the page itself is found in
   * the object (minor), read back from swap (major, the fault issued again when the read is done),
   * or, a hole, allocated zeroed (minor; tmpfs has no zero-page mapping for shared memory). A
   * shared writable mapping maps pages writable at once (no write-notify on tmpfs), dirty on a
   * write.
   */
  FaultResult fault(
      Proc p, MmState st, Region r, PageTable pt, long vpn, int access, boolean tried) {
    MemoryObject obj = r.object();
    long page = r.objectPage(vpn);
    if (page >= obj.pages()) {
      return FaultResult.SEGV; // SIGBUS: past the end of the object
    }
    boolean write = access == Access.WRITE;
    if (!write && faultAround > 1 && faultAround(st, r, pt, vpn)) {
      mm.account(p, tried);
      return FaultResult.RESOLVED;
    }
    int frame = frame(obj, page);
    int slot = swapSlot(obj, page);
    if (frame < 0 && slot >= 0) {
      frame = swapCache.frame(slot);
      if (frame >= 0 && !locks.locked(frame)) {
        takeBack(obj, page, slot, frame); // still in the swap cache: no I/O
      } else if (frame < 0) {
        return swapIn(p, st, obj, page, slot, vpn);
      }
    }
    if (frame >= 0 && locks.locked(frame)) {
      st.retryVpn = vpn;
      locks.waitFor(frame, p);
      return FaultResult.BLOCKED;
    }
    if (frame < 0) {
      frame = alloc.alloc(p);
      if (frame < 0) {
        return FaultHandler.failed(frame);
      }
      if (obj.slots().get(page) != 0 || pt.get(vpn) != 0) {
        lru.freeFrame(frame); // reclaim for this allocation changed things: fault again
        return FaultResult.RESOLVED;
      }
      insert(obj, page, frame);
      mm.memory.setContent(frame, 0);
      lru.add(frame, false);
      mm.metrics.increment(Counter.ZERO_FILLS);
      mm.charge(mm.costs.zeroPageNs());
    }
    if (write) {
      mm.memory.setFlag(frame, PageFlags.DIRTY);
    }
    mm.machine.map(pt, vpn, frame, bits(r, write));
    st.addShmem(1);
    mm.charge(mm.costs.minorFaultNs());
    mm.account(p, tried);
    return FaultResult.RESOLVED;
  }

  private static long bits(Region r, boolean write) {
    long bits = Pte.USER | (r.protection().execute() ? 0 : Pte.NO_EXECUTE);
    if (r.protection().write()) {
      bits |= Pte.WRITABLE | (write ? Pte.DIRTY : 0);
    }
    return bits;
  }

  /** do_fault_around over the object's resident, unlocked pages, as for a file. */
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
      int frame = frame(obj, page);
      if (frame < 0 || pt.get(v) != 0 || locks.locked(frame)) {
        continue;
      }
      mm.machine.map(pt, v, frame, bits(r, false));
      st.addShmem(1);
      if (v == vpn) {
        mapped = true;
      } else {
        mm.metrics.increment(mm.faultAroundMapped);
      }
    }
    return mapped;
  }

  private void insert(MemoryObject obj, long page, int frame) {
    mm.memory.claim(frame, obj.id(), (int) page);
    mm.memory.setFlag(frame, PageFlags.SHMEM);
    obj.slots().set(page, frame + 1);
    pages++;
  }

  /**
   * shmem_swapin_folio for a page found in the swap cache: back into the object, out of the swap
   * cache, its slot freed, dirty (its only copy is in memory again).
   */
  private void takeBack(MemoryObject obj, long page, int slot, int frame) {
    swapCache.delete(frame);
    swapCache.swap().release(slot); // the object's own reference
    obj.slots().set(page, frame + 1);
    pages++;
    mm.memory.setFlag(frame, PageFlags.DIRTY);
    mm.metrics.increment(mm.swapCacheHits);
  }

  /** shmem_swapin_folio with I/O: the page is read while the faulting process waits. */
  private FaultResult swapIn(Proc p, MmState st, MemoryObject obj, long page, int slot, long vpn) {
    int frame = alloc.alloc(p);
    if (frame < 0) {
      return FaultHandler.failed(frame);
    }
    if (swapSlot(obj, page) != slot || swapCache.frame(slot) >= 0) {
      lru.freeFrame(frame); // reclaim for this allocation changed things: fault again
      return FaultResult.RESOLVED;
    }
    mm.memory.claim(frame, obj.id(), (int) page);
    mm.memory.setFlag(frame, PageFlags.SHMEM);
    locks.lock(frame);
    swapCache.addExisting(frame, slot);
    BackingStore swap = swapCache.swap();
    st.retryVpn = vpn;
    mm.kernel.waitForRead(
        p,
        1,
        () -> {
          boolean lose = mm.faults.on(LinuxFaults.LOSE_PAGE_ON_SWAP_IN);
          mm.memory.setContent(frame, lose ? 0 : swap.read(slot));
          mm.metrics.increment(Counter.SWAP_IN);
          takeBack(obj, page, slot, frame);
          mm.metrics.add(mm.swapCacheHits, -1); // read from the disk, not found in the cache
          lru.add(frame, false);
          locks.unlock(frame);
        });
    return FaultResult.BLOCKED;
  }

  /**
   * shmem_writepage for a page reclaim took (unmapped everywhere already): a swap slot, the page in
   * the swap cache under writeback, the object's slot naming the swap entry. Returns the slot, or
   * -1 when swap is full (the page stays).
   */
  int writeOut(int frame) {
    int slot = swapCache.addNew(frame);
    if (slot < 0) {
      return -1;
    }
    swapCache.swap().retain(slot); // the object's swap entry
    MemoryObject obj = mm.owner(frame);
    obj.slots().set(mm.memory.ownerIndex(frame), -(slot + 1L));
    pages--;
    return slot;
  }

  /** A clean page reclaim frees: its contents are zero or on swap already; the slot forgets it. */
  void drop(int frame) {
    MemoryObject obj = mm.owner(frame);
    long page = mm.memory.ownerIndex(frame);
    if (frame(obj, page) == frame) {
      obj.slots().set(page, 0);
      pages--;
    }
  }
}
