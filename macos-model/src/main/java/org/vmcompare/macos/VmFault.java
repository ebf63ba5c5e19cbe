package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * vm_fault (osfmk/vm/vm_fault.c): the entry's object is created at its first fault; a write through
 * a needs-copy entry first puts a shadow object in front of the entry's object; the page is then
 * looked up down the shadow chain. Found compressed, it is decompressed into a new frame first (its
 * segment read back from a swapfile before that, the process waiting for the disk); found resident
 * on an inactive or speculative queue, it goes back to active. Found in the entry's own object, it
 * is mapped with the entry's protection; found deeper, a read maps it read-only and a write copies
 * it into the first object (a copy-on-write fault). Found nowhere, a file page is read from the
 * file (with the read-ahead that lands on the speculative queue), and anonymous memory gets a real
 * zeroed page whether the access reads or writes: XNU has no shared zero page. Before taking frames
 * the fault makes sure some are free ({@link Pageout#ensureFree}).
 */
final class VmFault {
  private final Mach m;
  private final Pmap pmap;
  private final VmObjects objects;
  private final Pageout pageout;
  private final Compressor compressor;
  private final Speculative speculative;
  private final VmObjects.Lookup found = new VmObjects.Lookup();

  VmFault(
      Mach m,
      Pmap pmap,
      VmObjects objects,
      Pageout pageout,
      Compressor compressor,
      Speculative speculative) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    this.pageout = Objects.requireNonNull(pageout, "pageout is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    this.speculative = Objects.requireNonNull(speculative, "speculative is null");
  }

  /**
   * A hint with no simulated effect ({@code OsPersonality.prefetchFault}): loads the slot of the
   * page in the entry's own object, which {@link #handle} reads first when the reference faults.
   */
  void prefetch(Proc p, long vpn) {
    Region r = p.space().find(vpn);
    MemoryObject obj = r == null ? null : r.object();
    if (obj != null) {
      prefetchSink += obj.slots().get(r.objectPage(vpn));
    }
  }

  /** What {@link #prefetch} loaded, kept so the loads cannot be optimised away. */
  private long prefetchSink;

  FaultResult handle(Proc p, long vaddr, int access, Region r) {
    long vpn = vaddr >>> m.pageShift;
    Protection prot = r == null ? null : Reservation.at(r, vpn - r.startVpn());
    if (prot == null || !allowed(prot, access)) {
      return FaultResult.SEGV;
    }
    boolean write = access == Access.WRITE;
    if (!pageout.ensureFree(p, r, 2)) { // a page in, and its copy-on-write copy
      return cannotGoOn(p);
    }
    if (r.object() == null) {
      MemoryObject obj = objects.allocate(r.label(), r.pages());
      obj.ref();
      r.setObject(obj, 0);
    }
    if (write && r.needsCopy()) {
      copyOnWriteEntry(r);
    }
    MemoryObject top = r.object();
    objects.lookup(top, r.objectPage(vpn), found);
    Task task = Task.of(p);
    if (found.handle >= 0 && compressor.swappedOut(found.handle)) {
      FaultResult waiting = swapIn(p, r, top, r.objectPage(vpn), task);
      if (waiting != null) {
        return waiting;
      }
      // the scan that made room for the read took the page out of that segment: go on with it
    }
    boolean major = task.swapinPending;
    task.swapinPending = false;
    int frame = found.frame;
    if (found.handle >= 0) {
      long token = compressor.get(found.handle);
      if (m.injected.on(MacosModuleProvider.DECOMPRESS_TO_ZERO)) {
        token = 0; // planted for the check: the decompressed page loses its data
      }
      frame = objects.insert(found.object, found.page);
      m.memory.setContent(frame, token);
      // its only copy is this page now: dirty, so the scan compresses it again, never frees it
      m.memory.setFlag(frame, PhysicalMemory.F_DIRTY);
      m.charge(m.costs.minorFaultNs());
    } else if (frame < 0 && found.object.kind() == MemoryObject.Kind.FILE) {
      frame = objects.insert(found.object, found.page);
      m.memory.setContent(frame, found.object.file().read(found.page));
      int ahead = speculative.readAhead(found.object, found.page);
      m.metrics.add(Counter.FILE_READS, 1 + ahead);
      m.charge(m.kernel.disk().readNs(1 + ahead));
      major = true;
    } else if (frame < 0) {
      frame = objects.insert(found.object, found.page);
      m.memory.setContent(frame, 0);
      m.metrics.increment(Counter.ZERO_FILLS);
      m.charge(m.costs.zeroFillFaultNs());
    } else {
      if (m.queues.inactive(frame)) {
        m.metrics.increment(m.reactivations); // a speculative hit is not a reactivation
      }
      m.queues.activate(frame);
      m.charge(m.costs.minorFaultNs());
    }
    boolean deep = found.depth > 0;
    if (write && deep && m.injected.on(MacosModuleProvider.COW_WRITES_BACKING_PAGE)) {
      deep = false; // planted for the check: the write lands in the page other tasks still see
    } else if (write && deep) {
      int copy = objects.insert(top, r.objectPage(vpn));
      m.memory.setContent(copy, m.memory.content(frame));
      m.metrics.increment(Counter.COW_COPIES);
      m.charge(m.costs.copyPageNs());
      frame = copy;
      deep = false;
    }
    boolean writable = prot.write() && !deep && !r.needsCopy();
    long bits = Pte.USER | (prot.execute() ? 0 : Pte.NO_EXECUTE);
    bits |= writable ? Pte.WRITABLE : (prot.write() ? Pte.SW_COW : 0);
    if (m.options.aliasing() == MacosOptions.Aliasing.EXCLUSIVE_HANDOFF && aliased(r)) {
      if (pmap.disconnect(frame, p.pid()) > 0) {
        m.metrics.increment(m.handoffs);
      }
    }
    pmap.enter(p, vpn, frame, bits);
    pageout.wakeIfLow();
    m.metrics.increment(m.faults);
    if (major) {
      p.countMajorFault();
      m.metrics.increment(Counter.FAULTS_MAJOR);
    } else {
      p.countMinorFault();
      m.metrics.increment(Counter.FAULTS_MINOR);
    }
    return FaultResult.RESOLVED;
  }

  /**
   * No page for the fault ({@link Pageout#ensureFree}): {@code p} was killed, or sleeps at the "out
   * of application memory" dialog and issues the reference again when pages come free.
   */
  private static FaultResult cannotGoOn(Proc p) {
    return p.alive() ? FaultResult.BLOCKED : FaultResult.KILLED;
  }

  /**
   * A page whose compressor segment is in a swapfile: the segment is read back (frames for it taken
   * now, the scan run first if too few are free) and the process waits for the read; the reference
   * is re-issued then, and finds the page compressed in memory: a major fault, counted then. Null
   * when the scan that made room took the page out of the swapped segment (it purged a volatile
   * object: the page is gone) and the fault goes on with what {@link #found} now holds.
   */
  private FaultResult swapIn(Proc p, Region r, MemoryObject top, long page, Task task) {
    if (!pageout.ensureFree(p, r, compressor.swapInPages(found.handle) + 2)) {
      return cannotGoOn(p);
    }
    objects.lookup(top, page, found); // the scan never reads a segment back, but it may purge
    if (found.handle < 0 || !compressor.swappedOut(found.handle)) {
      return null;
    }
    compressor.swapIn(p, found.handle);
    task.swapinPending = true;
    return FaultResult.BLOCKED;
  }

  /**
   * The first write through a needs-copy entry (vm_map_lookup_and_lock_object): a shadow object
   * goes in front of the entry's object, unless the entry holds the object's only reference
   * (vm_object_shadow's shortcut: nobody else can see the pages, so they are written in place).
   */
  private void copyOnWriteEntry(Region r) {
    MemoryObject obj = r.object();
    if (obj.refCount() > 1 || obj.kind() != MemoryObject.Kind.ANONYMOUS) {
      r.setObject(objects.shadow(obj, r.objectOffset(), r.pages()), 0);
    }
    r.setNeedsCopy(false);
  }

  /**
   * Under the exclusive-handoff what-if, the pages the popular explanation calls aliased: those of
   * a file mapped shared. Copy-on-write pages are protected by their own faults, and POSIX shared
   * memory is true-shared, never ALI.
   */
  private static boolean aliased(Region r) {
    return r.sharing() == Region.Sharing.SHARED && !r.object().trueShare();
  }

  private static boolean allowed(Protection prot, int access) {
    return switch (access) {
      case Access.WRITE -> prot.write();
      case Access.EXECUTE -> prot.execute();
      default -> prot.read();
    };
  }
}
