package org.vmcompare.macos;

import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * The share mode vmmap prints as SHRMOD (mach/vm_region.h SM_*), decided as XNU decides it (xnu
 * vm_map.c, vm_map_region_walk / vm_map_region_recurse_64; SEMANTICS.md, macOS; xnu-10063 and
 * xnu-11417 agree): no object → NUL; the object's reference count, less one while paging is in
 * progress on it if the count is above one ({@link #refCount}); a needs-copy entry, or a page of
 * the region found only through a shadow → COW; one reference → PRV; a true-shared object → SHM;
 * then the task's own references against the object's (counted the same way): all of them → ALI,
 * more than one → S/A; and only for a region still SHARED after that, vm_map_region_recurse_64's
 * file-mapped-once rule: an externally paged (file) object with 2 references (the vnode's and the
 * entry's) → PRV, else SHM.
 *
 * <p>The order is the XNU source's. SEMANTICS.md rule 6 applies the file rule before the my_refs
 * step; that gives the same answer except while paging is in progress, when a file object with 3
 * references, 2 of them this task's, counts 2 = my_refs and is ALI (the vmmap line of
 * sources/000_aa5dd98641f80983.txt), where the file rule first would say PRV. Paging is in progress
 * while a writeback of the object's pages is queued ({@link ObjState#writeBack}).
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
    int refs = refCount(obj);
    if (refs == 1) {
      return PRIVATE;
    }
    if (obj.trueShare()) {
      return TRUESHARED;
    }
    int mine = myRefs(p, obj);
    if (mine == refs) {
      return PRIVATE_ALIASED;
    }
    if (mine > 1) {
      return SHARED_ALIASED;
    }
    // vm_map_region_recurse_64, after the walk: external_pager && ref_count == 2 && SM_SHARED
    return obj.kind() == MemoryObject.Kind.FILE && refs == 2 ? PRIVATE : SHARED;
  }

  /**
   * vm_map_region_walk's ref_count: the object's reference count, less the one paging in progress
   * holds ("if (ref_count > 1 && obj->paging_in_progress) ref_count--"), so never below 1.
   */
  static int refCount(MemoryObject obj) {
    int refs = obj.refCount();
    return refs > 1 && ObjState.pagingInProgress(obj) ? refs - 1 : refs;
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
