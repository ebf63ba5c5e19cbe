package org.vmcompare.macos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.VpnRange;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * vm_map_fork with symmetric copy (MEMORY_OBJECT_COPY_SYMMETRIC): each private entry of the child
 * references the parent's object, both entries get needs_copy, and the parent's resident pages are
 * write-protected in one pass with one TLB flush; the first write on either side shadows its own
 * entry (VmFault). Shared entries (POSIX shm, files mapped shared) are simply shared. The child's
 * pmap starts empty: its pages come in by faults.
 *
 * <p>A purgeable object is MEMORY_OBJECT_COPY_NONE, so its entry takes vm_map_fork's slow path
 * (vm_map_fork_copy, vm_object_copy_strategically, vm_object_copy_slowly): the child gets a new,
 * plain object (not purgeable) holding a copy of every page the parent's object has, made now, a
 * compressed one decompressed into the parent's object first; a page it lacks stays missing and
 * zero-fills on demand. The parent's entry keeps its object, writable and purgeable as it was.
 */
final class VmFork {
  private final Mach m;
  private final VmObjects objects;
  private final Pageout pageout;
  private final Compressor compressor;

  /** macos.fork.copies: pages of copy-none (purgeable) objects copied at fork. */
  private final int copies;

  VmFork(Mach m, VmObjects objects, Pageout pageout, Compressor compressor) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    this.pageout = Objects.requireNonNull(pageout, "pageout is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    copies =
        m.metrics.register(
            "macos.fork.copies", "pages of purgeable (copy-none) objects copied at fork");
  }

  Outcome fork(Proc parent, Op.Fork op) {
    Deque<MemoryObject> copied = new ArrayDeque<>(); // in the order of the regions
    for (Region r : parent.space().regions()) {
      if (!copyNone(r)) {
        continue;
      }
      String swapped = swappedOut(r);
      if (swapped != null) {
        copied.forEach(objects::deallocate);
        return Outcome.notImplemented("macos", swapped);
      }
      MemoryObject copy = copySlowly(parent, r);
      if (copy == null) {
        copied.forEach(objects::deallocate);
        return Outcome.blocked(0); // the parent was killed while memory was found for the copy
      }
      copied.add(copy);
    }
    Proc child = m.kernel.newProcess(op.childName(), parent.options(), parent);
    List<VpnRange> copyOnWrite = new ArrayList<>();
    for (Region r : parent.space().regions()) {
      MemoryObject own = copyNone(r) ? copied.remove() : null;
      Region c =
          new Region(
              r.label(),
              r.startVpn(),
              r.pages(),
              r.protection(),
              r.maxProtection(),
              own != null ? own : r.object(),
              own != null ? 0 : r.objectOffset(),
              r.sharing());
      child.space().add(c);
      Reservation res = Reservation.of(r);
      if (res != null) {
        c.modelState().put(Reservation.KEY, res.slice(0, r.pages()));
      }
      if (own != null || r.object() == null) {
        continue; // copied now, or never touched: each side gets its own object at its fault
      }
      r.object().ref();
      if (r.sharing() == Region.Sharing.PRIVATE) {
        r.setNeedsCopy(true);
        c.setNeedsCopy(true);
        copyOnWrite.add(new VpnRange(r.startVpn(), r.pages()));
      }
    }
    if (!copyOnWrite.isEmpty()) {
      m.machine.writeProtectAddressSpace(parent.space().pageTable(), copyOnWrite, true);
    }
    pageout.wakeIfLow();
    return Outcome.ok(child.pid());
  }

  /**
   * vm_object_copy_slowly of the pages {@code r} maps: a new object (one reference, the child's
   * entry's) with a copy of each page the parent's object holds. Each page waits for free memory
   * first, as vm_page_alloc does; null when the parent was killed meanwhile.
   */
  private MemoryObject copySlowly(Proc parent, Region r) {
    MemoryObject src = r.object();
    MemoryObject copy = objects.allocate(r.label(), r.pages());
    copy.ref();
    for (long i = 0; i < r.pages(); i++) {
      long page = r.objectOffset() + i;
      if (src.slots().get(page) == 0) {
        continue; // missing: left missing, zero-filled on demand
      }
      if (!pageout.ensureFree(parent, r, 2)) {
        objects.deallocate(copy);
        return null;
      }
      long slot = src.slots().get(page); // the scan may have purged or compressed it
      int frame = ObjState.frameOf(slot);
      if (ObjState.handleOf(slot) >= 0) {
        long token = compressor.get(ObjState.handleOf(slot)); // vm_fault_page decompresses it
        frame = objects.insert(src, page);
        m.memory.setContent(frame, token);
        m.memory.setFlag(frame, PhysicalMemory.F_DIRTY); // its only copy now, as at a fault
      } else if (frame < 0) {
        continue;
      }
      int to = objects.insert(copy, i);
      m.memory.setContent(to, m.memory.content(frame));
      m.memory.setFlag(to, PhysicalMemory.F_DIRTY); // vm_object_copy_slowly: SET_PAGE_DIRTY
      m.charge(m.costs.copyPageNs());
      m.metrics.increment(copies);
    }
    return copy;
  }

  /** A purgeable object is copied at fork (MEMORY_OBJECT_COPY_NONE), not shared copy-on-write. */
  private static boolean copyNone(Region r) {
    return r.object() != null && ObjState.of(r.object()).purgeable();
  }

  /** Why the copy cannot be made now: a page of {@code r} is in a swapfile; else null. */
  private String swappedOut(Region r) {
    for (long i = 0; i < r.pages(); i++) {
      int handle = ObjState.handleOf(r.object().slots().get(r.objectOffset() + i));
      if (handle >= 0 && compressor.swappedOut(handle)) {
        return "fork of a process whose purgeable memory ('"
            + r.label()
            + "') has pages in a swapfile";
      }
    }
    return null;
  }
}
