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
 * vm_object_copy_slowly takes each page with vm_fault_page, so a compressed page whose segment is
 * in a swapfile is read back from the disk first: the fork blocks the parent for each such read and
 * is issued again after it ({@link #swapInFirst}); nothing is copied until every page is in memory.
 */
final class VmFork {
  private final Mach m;
  private final VmObjects objects;
  private final Pageout pageout;
  private final Compressor compressor;

  /** macos.fork.copies: pages of copy-none (purgeable) objects copied at fork. */
  private final int copies;

  /** Pages copied by the fork under way; counted in {@link #copies} once the child exists. */
  private long copiedPages;

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
    Task task = Task.of(parent);
    for (Region r : parent.space().regions()) {
      Outcome waiting = copyNone(r) ? swapInFirst(parent, r, task) : null;
      if (waiting != null) {
        return waiting; // the parent waits for a swapfile read, or was killed meanwhile
      }
    }
    Deque<MemoryObject> copied = new ArrayDeque<>(); // in the order of the regions
    copiedPages = 0;
    for (Region r : parent.space().regions()) {
      if (!copyNone(r)) {
        continue;
      }
      MemoryObject copy = copySlowly(parent, r);
      if (copy == null) {
        copied.forEach(objects::deallocate);
        // killed, at the dialog, or a page went to a swapfile: the copy starts again
        return Outcome.blocked(0);
      }
      copied.add(copy);
    }
    if (!copied.isEmpty()) {
      task.swapinPending = false; // the segments read back for the copy may go out again
    }
    m.metrics.add(copies, copiedPages);
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
   * first, as vm_page_alloc does. Null when the parent was killed meanwhile, or sleeps at the "out
   * of application memory" dialog (the fork is issued again when it wakes), or when the scan that
   * found that memory sent the segment of a page still to copy to a swapfile: the segment is then
   * read back, the parent waits, and the copy starts again when the fork is issued again (XNU's
   * vm_fault_page would wait and go on where it was).
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
      if (ObjState.handleOf(slot) >= 0 && compressor.swappedOut(ObjState.handleOf(slot))) {
        // that scan sent its segment to a swapfile: read it back, and copy again after the read
        m.kernel.log(
            parent
                + " fork: the copy of '"
                + r.label()
                + "' met a page its own scan sent to a swapfile; it starts again after the read");
        objects.deallocate(copy);
        swapIn(parent, r, Task.of(parent), ObjState.handleOf(slot));
        return null;
      }
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
      copiedPages++;
    }
    return copy;
  }

  /** A purgeable object is copied at fork (MEMORY_OBJECT_COPY_NONE), not shared copy-on-write. */
  private static boolean copyNone(Region r) {
    return r.object() != null && ObjState.of(r.object()).purgeable();
  }

  /**
   * Before anything is copied, every page of {@code r} whose compressor segment is in a swapfile is
   * read back, as vm_object_copy_slowly's vm_fault_page would at that page (vm_fault_page ->
   * vm_compressor_pager_get -> c_seg_swapin): one segment a time, the parent waiting for the disk
   * meanwhile; the fork is issued again after the read. The segment stays busy (C_SEG_BUSY) until
   * the fork has copied, so no scan sends it out again first. Null when no page is out.
   */
  private Outcome swapInFirst(Proc parent, Region r, Task task) {
    for (long i = 0; i < r.pages(); i++) {
      int handle = ObjState.handleOf(r.object().slots().get(r.objectOffset() + i));
      if (handle >= 0 && compressor.swappedOut(handle)) {
        swapIn(parent, r, task, handle);
        return Outcome.blocked(0);
      }
    }
    return null;
  }

  /**
   * Reads back the segment of {@code handle} for the fork (frames for it first, the scan run if too
   * few are free): the parent waits for the read. False when the parent was killed meanwhile, or
   * sleeps at the "out of application memory" dialog.
   */
  private boolean swapIn(Proc parent, Region r, Task task, int handle) {
    if (!pageout.ensureFree(parent, r, compressor.swapInPages(handle) + 2)) {
      return false;
    }
    if (compressor.swappedOut(handle)) { // the scan moved pages, never this one's segment back
      m.kernel.log(
          parent
              + " fork: a page of purgeable '"
              + r.label()
              + "' is in a swapfile: its compressor segment is read back before the copy");
      compressor.swapIn(parent, handle);
    }
    task.swapinPending = true;
    return true;
  }
}
