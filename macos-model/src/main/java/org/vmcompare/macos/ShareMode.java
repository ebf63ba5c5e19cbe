package org.vmcompare.macos;

import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * The share mode vmmap prints as SHRMOD (mach/vm_region.h SM_*), decided as XNU's
 * vm_map_region_walk decides it (SEMANTICS.md, macOS; xnu-10063 and xnu-11417 agree): no object →
 * NUL; a needs-copy entry, or a page of the region found only through a shadow → COW; one reference
 * → PRV; a true-shared object → SHM; a file mapped once (the vnode's reference and the entry's) →
 * PRV; then the task's own references against the object's: all of them → ALI, more than one → S/A,
 * else SHM. Paging in progress would take one reference off; no I/O is in progress in this model
 * when a view is taken.
 */
enum ShareMode {
  COW(1, "COW"),
  PRIVATE(2, "PRV"),
  EMPTY(3, "NUL"),
  SHARED(4, "SHM"),
  TRUESHARED(5, "SHM"),
  PRIVATE_ALIASED(6, "ALI"),
  SHARED_ALIASED(7, "S/A"),
  LARGE_PAGE(8, "LPG");

  final int code;
  final String shown;

  ShareMode(int code, String shown) {
    this.code = code;
    this.shown = shown;
  }

  static ShareMode of(Proc p, Region r) {
    MemoryObject obj = r.object();
    if (obj == null) {
      return EMPTY;
    }
    if (r.needsCopy() || shadowMet(r, obj)) {
      return COW;
    }
    int refs = obj.refCount();
    if (refs == 1) {
      return PRIVATE;
    }
    if (obj.trueShare()) {
      return TRUESHARED;
    }
    if (obj.kind() == MemoryObject.Kind.FILE && refs == 2) {
      return PRIVATE;
    }
    int mine = myRefs(p, obj);
    if (mine == refs) {
      return PRIVATE_ALIASED;
    }
    return mine > 1 ? SHARED_ALIASED : SHARED;
  }

  /** vm_map_region_look_for_page went below the entry's object for some page of the region. */
  private static boolean shadowMet(Region r, MemoryObject obj) {
    if (obj.shadow() == null) {
      return false;
    }
    for (long i = 0; i < r.pages(); i++) {
      if (obj.slots().get(r.objectOffset() + i) == 0) {
        return true;
      }
    }
    return false;
  }

  /** vm_map_region_count_obj_refs: entries of the task reaching the object, chains included. */
  private static int myRefs(Proc p, MemoryObject obj) {
    int n = 0;
    for (Region e : p.space().regions()) {
      for (MemoryObject o = e.object(); o != null; o = o.shadow()) {
        if (o == obj) {
          n++;
        }
      }
    }
    return n;
  }
}
