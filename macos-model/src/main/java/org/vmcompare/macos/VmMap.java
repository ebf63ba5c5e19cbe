package org.vmcompare.macos;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.AddressSpace;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;

/**
 * XNU's vm_map layer (osfmk/vm/vm_map.c): map entries are created without an object
 * (mach_vm_allocate; the object comes at the first fault), or referencing an existing one (POSIX
 * shared memory, a file's vnode object); each entry holds one reference to its object, so clipping
 * an entry in two (vm_map_clip_start/end, as mach_vm_protect on part of it does) takes one more.
 */
final class VmMap {
  private static final Protection ALL = new Protection(true, true, true);

  private final Mach m;
  private final Pmap pmap;
  private final VmObjects objects;
  private final Purgeable purgeable;

  VmMap(Mach m, Pmap pmap, VmObjects objects, Purgeable purgeable) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    this.purgeable = Objects.requireNonNull(purgeable, "purgeable is null");
  }

  /**
   * mach_vm_allocate (mmap MAP_ANON): an entry with no object yet; reserveOnly maps PROT_NONE. With
   * VM_FLAGS_PURGABLE the object is made at once (vm_map_enter does), purgeable and NONVOLATILE.
   */
  Outcome allocate(Proc p, Op.Allocate op) {
    Protection prot = op.reserveOnly() ? Protection.NONE : op.protection();
    MemoryObject obj = op.purgeable() ? purgeable.create(p, op.label(), op.pages()) : null;
    Outcome o = enter(p, op.label(), op.pages(), prot, obj, 0, Region.Sharing.PRIVATE, false);
    if (o.isOk() && op.reserveOnly()) {
      Region r = p.space().find(o.value() >>> m.pageShift);
      r.modelState().put(Reservation.KEY, new Reservation(op.protection()));
    }
    return o;
  }

  /**
   * mprotect of part of a PROT_NONE reservation to the protection it was allocated with: nothing is
   * mapped there yet, so only the protection changes ({@link Reservation}). Anything else already
   * has its protection.
   */
  Outcome commit(Proc p, Op.Commit op) {
    Reservation res = Reservation.of(op.region());
    for (long i = 0; res != null && i < op.pages(); i++) {
      res.committed.set(op.firstPage() + i, 1);
    }
    return Outcome.ok();
  }

  /**
   * shm_open then mmap(MAP_SHARED): the named object, true-shared (XNU marks POSIX shared memory
   * true_share), so vmmap shows SHM however many entries map it. An open of a name nobody created
   * is ENOENT; a create of an existing name grows it when smaller.
   */
  Outcome share(Proc p, Op.Share op) {
    MemoryObject obj;
    if (op.create()) {
      obj = m.kernel.sharedObject(op.sharedName(), op.pages());
      obj.setPages(Math.max(obj.pages(), op.pages()));
    } else {
      obj = m.kernel.findSharedObject(op.sharedName());
      if (obj == null) {
        return Outcome.failed("ENOENT", "shm_open: no shared object '" + op.sharedName() + "'");
      }
    }
    obj.setTrueShare(true);
    ObjState.of(obj);
    long pages = op.pages() > 0 ? op.pages() : obj.pages();
    Protection prot = op.protection() == null ? Protection.READ_WRITE : op.protection();
    return enter(p, op.label(), pages, prot, obj, 0, Region.Sharing.SHARED, false);
  }

  /**
   * mmap of a file: the file's one vnode object, which the vnode itself references once (its
   * "named" reference, taken the first time the file is mapped and kept: the object and its pages
   * stay cached). A shared mapping writes to the object; a private one (and an image) maps it
   * needs-copy, so its first write shadows it.
   */
  Outcome mapFile(Proc p, Op.MapFile op) {
    SimFile file = m.kernel.files().get(op.file());
    MemoryObject obj = Ubc.vnodeObject(m, file);
    boolean shared = op.mapping() == Op.FileMapping.SHARED;
    Protection prot =
        op.mapping() == Op.FileMapping.IMAGE ? Protection.READ_EXECUTE : Protection.READ_WRITE;
    Region.Sharing sharing = shared ? Region.Sharing.SHARED : Region.Sharing.PRIVATE;
    long pages = op.pages() > 0 ? op.pages() : Math.max(1, file.pages() - op.offsetPages());
    return enter(p, op.label(), pages, prot, obj, op.offsetPages(), sharing, !shared);
  }

  private Outcome enter(
      Proc p,
      String label,
      long pages,
      Protection prot,
      MemoryObject obj,
      long offset,
      Region.Sharing sharing,
      boolean needsCopy) {
    AddressSpace space = p.space();
    long start = space.findFree(pages, 1);
    if (start < 0) {
      return Outcome.failed(
          "KERN_NO_SPACE", "no room in the address space for " + pages + " pages");
    }
    Region r = new Region(label, start, pages, prot, ALL, obj, offset, sharing);
    r.setNeedsCopy(needsCopy);
    space.add(r);
    if (obj != null) {
      obj.ref();
    }
    return Outcome.ok(start << m.pageShift);
  }

  /** mach_vm_deallocate / munmap: the entry's pages leave the pmap, its reference goes. */
  void remove(Proc p, Region r) {
    pmap.remove(p, r.startVpn(), r.pages());
    p.space().remove(r);
    if (r.object() != null) {
      objects.deallocate(r.object());
    }
  }

  /** Task termination: every entry removed, in address order; the pmap goes with the task. */
  void exit(Proc p) {
    for (Region r : p.space().regions()) {
      remove(p, r);
    }
    p.metrics().set(MacosMetrics.FOOTPRINT, 0);
  }

  /**
   * mach_vm_protect over {@code pages} pages from page {@code first} of {@code r}: the entry is
   * clipped to the range first (each new entry references the object once more), then the range's
   * entry gets the protection; mappings that now allow too much are write-protected or removed.
   */
  void protect(Proc p, Region r, long first, long pages, Protection prot) {
    if (first > 0 || pages < r.pages()) { // vm_map_protect clips even to the same protection
      List<Region> parts = clip(p, r, first, pages);
      r = parts.get(first > 0 ? 1 : 0);
    }
    Reservation res = r.modelState().remove(Reservation.KEY); // one protection for all of it now
    Protection old = res != null ? res.usable : r.protection();
    r.setProtection(prot);
    if (old.read() && !prot.read()) {
      pmap.remove(p, r.startVpn(), r.pages());
    } else if (old.write() && !prot.write()) {
      pmap.writeProtect(p, r.startVpn(), r.pages());
    }
  }

  /** vm_map_clip_start / vm_map_clip_end: the entry cut at the range's ends, in address order. */
  private List<Region> clip(Proc p, Region r, long first, long pages) {
    long[] cuts = {0, first, first + pages, r.pages()};
    p.space().remove(r);
    List<Region> parts = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      long len = cuts[i + 1] - cuts[i];
      if (len == 0) {
        continue;
      }
      Region part =
          new Region(
              r.label(),
              r.startVpn() + cuts[i],
              len,
              r.protection(),
              r.maxProtection(),
              r.object(),
              r.objectOffset() + cuts[i],
              r.sharing());
      part.setNeedsCopy(r.needsCopy());
      Reservation res = Reservation.of(r);
      if (res != null) {
        part.modelState().put(Reservation.KEY, res.slice(cuts[i], len));
      }
      p.space().add(part);
      if (r.object() != null && !parts.isEmpty()) {
        r.object().ref(); // the first part keeps the old entry's reference
      }
      parts.add(part);
    }
    return parts;
  }
}
