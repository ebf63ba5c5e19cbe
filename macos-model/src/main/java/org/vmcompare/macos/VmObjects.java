package org.vmcompare.macos;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;

/**
 * XNU's vm_object layer (osfmk/vm/vm_object.c): pages live in objects, a copy-on-write object
 * shadows the one it copies, and references are counted as XNU counts them (one per map entry, one
 * per shadow, one for a file's vnode). When the last reference to an anonymous object goes its
 * pages are freed; when a backing object is left with its shadow's reference alone, the two are
 * collapsed into one (vm_object_collapse), so chains do not grow without end.
 */
final class VmObjects {
  /**
   * Where a page was found: the object holding it (or the file to read it from), how deep, its
   * frame when resident and its compressor handle when compressed (else -1).
   */
  static final class Lookup {
    MemoryObject object;
    long page;
    int frame;
    int handle;
    int depth;
  }

  private final Mach m;
  private final Pmap pmap;
  private final Compressor compressor;

  /**
   * The volatile purgeable objects, oldest first: XNU's FIFO purge queue (vm_purgeable.c), the
   * pageout scan empties them from the head before it compresses anything.
   */
  final Set<MemoryObject> volatileQueue = new LinkedHashSet<>();

  VmObjects(Mach m, Pmap pmap, Compressor compressor) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
  }

  /** A new anonymous object (vm_object_allocate), referenced by nobody yet. */
  MemoryObject allocate(String name, long pages) {
    MemoryObject obj = m.kernel.newObject(MemoryObject.Kind.ANONYMOUS, name, pages, null);
    ObjState.of(obj);
    return obj;
  }

  /**
   * vm_object_page_lookup down the shadow chain: the first object holding page {@code page} of
   * {@code top} (resident or compressed), or, when none does, the bottom object (a file to read,
   * else the top to zero-fill) with {@code frame} and {@code handle} -1.
   */
  void lookup(MemoryObject top, long page, Lookup out) {
    MemoryObject obj = top;
    long pg = page;
    int depth = 0;
    while (true) {
      long slot = obj.slots().get(pg);
      if (slot != 0 || obj.shadow() == null) {
        boolean here = slot != 0 || obj.kind() == MemoryObject.Kind.FILE;
        out.object = here ? obj : top;
        out.page = here ? pg : page;
        out.depth = here ? depth : 0;
        out.frame = ObjState.frameOf(slot);
        out.handle = ObjState.handleOf(slot);
        return;
      }
      pg += ObjState.of(obj).shadowOffset;
      obj = obj.shadow();
      depth++;
    }
  }

  /** vm_page_insert: a claimed frame (now on active) becomes page {@code page} of {@code obj}. */
  int insert(MemoryObject obj, long page) {
    int frame = m.claim(obj, page);
    ObjState st = ObjState.of(obj);
    if (obj.slots().get(page) == 0) {
      charge(st, 1); // a compressed page decompressed was held already
    }
    obj.slots().set(page, frame + 1L);
    st.resident++;
    return frame;
  }

  /** A resident page leaves memory: its slot now says {@code slot} (0 absent, or compressed). */
  void pageOut(MemoryObject obj, long page, long slot) {
    obj.slots().set(page, slot);
    ObjState st = ObjState.of(obj);
    st.resident--;
    if (slot == 0) {
      charge(st, -1);
    }
  }

  /**
   * A purgeable object holds {@code delta} pages more: its owner's footprint follows while it is
   * non-volatile (XNU's purgeable_nonvolatile ledger, and its compressed counterpart).
   */
  void charge(ObjState st, long delta) {
    if (!st.purgeable()) {
      return;
    }
    st.held += delta;
    if (st.purgeState == ObjState.NONVOLATILE) {
      bill(st, delta);
    }
  }

  /** The owner's footprint changes by {@code delta} pages of a purgeable object. */
  void bill(ObjState st, long delta) {
    if (st.owner != null && delta != 0) {
      Task.of(st.owner).purgeable += delta;
      pmap.refresh(st.owner);
    }
  }

  /**
   * vm_purgeable_object_purge_one: every page of a volatile object goes (unmapped everywhere and
   * freed, or its compressed copy dropped); the object is EMPTY and off the queue. Returns the
   * pages it held.
   */
  long purge(MemoryObject obj) {
    ObjState st = ObjState.of(obj);
    long pages = st.held;
    volatileQueue.remove(obj);
    freePages(obj);
    st.purgeState = ObjState.EMPTY;
    st.purged = pages;
    return pages;
  }

  /** Frees what a slot holds: its frame (and every mapping of it) or its compressed copy. */
  private void freeSlot(long slot) {
    int frame = ObjState.frameOf(slot);
    if (frame >= 0) {
      pmap.disconnect(frame, -1);
      m.release(frame);
    } else if (ObjState.handleOf(slot) >= 0) {
      compressor.free(ObjState.handleOf(slot));
    }
  }

  /**
   * vm_object_shadow: a new object in front of {@code backing} for an entry that maps {@code pages}
   * pages of it from {@code offset}. The entry's reference to {@code backing} becomes the shadow's;
   * the entry references the shadow.
   */
  MemoryObject shadow(MemoryObject backing, long offset, long pages) {
    MemoryObject shadow = allocate(backing.name(), pages);
    shadow.setShadow(backing);
    ObjState.of(shadow).shadowOffset = offset;
    ObjState.of(backing).shadowedBy.add(shadow);
    shadow.ref();
    m.metrics.increment(m.shadows);
    return shadow;
  }

  /**
   * vm_object_deallocate: drops one reference. An anonymous object nothing references is freed with
   * its pages, and its backing object loses the reference the shadow held; a backing object left
   * with one reference, its shadow's, is collapsed into it. Named shared memory keeps its pages
   * (POSIX shm lives until shm_unlink, which the workload language does not have).
   */
  void deallocate(MemoryObject obj) {
    int left = obj.unref();
    if (left == 0 && obj.kind() == MemoryObject.Kind.ANONYMOUS) {
      terminate(obj);
    } else if (left == 1) {
      collapseIfAlone(obj);
    }
  }

  private void terminate(MemoryObject obj) {
    volatileQueue.remove(obj);
    freePages(obj);
    MemoryObject backing = obj.shadow();
    obj.setShadow(null);
    m.kernel.forget(obj);
    if (backing != null) {
      ObjState.of(backing).shadowedBy.remove(obj);
      deallocate(backing);
    }
  }

  /** vm_object_collapse of {@code backing} into its only shadow, when that is its one reference. */
  private void collapseIfAlone(MemoryObject backing) {
    ObjState b = ObjState.of(backing);
    if (backing.kind() != MemoryObject.Kind.ANONYMOUS
        || backing.trueShare()
        || b.shadowedBy.size() != 1) {
      return;
    }
    MemoryObject shadow = b.shadowedBy.get(0);
    ObjState s = ObjState.of(shadow);
    LongArrayList pages = new LongArrayList();
    backing.slots().forEachNonZero((page, slot) -> pages.add(page));
    for (int i = 0; i < pages.size(); i++) {
      long page = pages.get(i);
      long slot = backing.slots().get(page);
      int frame = ObjState.frameOf(slot);
      backing.slots().set(page, 0);
      long up = page - s.shadowOffset;
      if (up >= 0 && up < shadow.pages() && shadow.slots().get(up) == 0) {
        shadow.slots().set(up, slot); // the page moves up: its mappings stay valid
        if (frame >= 0) {
          m.memory.setOwner(frame, shadow.id(), (int) up);
          s.resident++;
        }
      } else {
        freeSlot(slot); // shadowed or outside the shadow: nobody can reach it
      }
    }
    b.resident = 0;
    MemoryObject deeper = backing.shadow();
    shadow.setShadow(deeper);
    s.shadowOffset += b.shadowOffset;
    if (deeper != null) {
      ObjState d = ObjState.of(deeper);
      d.shadowedBy.set(d.shadowedBy.indexOf(backing), shadow);
    }
    backing.setShadow(null);
    b.shadowedBy.clear();
    backing.unref();
    m.kernel.forget(backing);
    m.metrics.increment(m.collapses);
  }

  private void freePages(MemoryObject obj) {
    LongArrayList pages = new LongArrayList();
    obj.slots().forEachNonZero((page, slot) -> pages.add(page));
    for (int i = 0; i < pages.size(); i++) {
      long slot = obj.slots().get(pages.get(i));
      obj.slots().set(pages.get(i), 0);
      freeSlot(slot);
    }
    ObjState st = ObjState.of(obj);
    st.resident = 0;
    charge(st, -st.held);
  }
}
