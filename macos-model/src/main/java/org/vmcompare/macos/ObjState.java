package org.vmcompare.macos;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.os.Proc;
import org.vmcompare.state.StateKey;
import org.vmcompare.vm.MemoryObject;

/**
 * What XNU's vm_object holds beyond core's {@link MemoryObject}: the offset of its shadow (page
 * {@code i} of this object is page {@code i + shadowOffset} of the one it shadows), the objects
 * that shadow it (so the one left can be found when the chain collapses), whether the vnode holds
 * its named reference, how many of its pages are resident, and for a purgeable object its state
 * (vm_object's purgable field), its owner task and the pages it holds, which the owner's footprint
 * charges while it is non-volatile; and its paging_in_progress, which takes one reference off the
 * count vmmap's share mode reads ({@link ShareMode}).
 *
 * <p>A slot of {@link MemoryObject#slots()} holds {@code frame + 1} for a resident page, {@link
 * #COMPRESSED} with the compressor's handle for a compressed one (XNU's compressor pager slot), and
 * 0 for an absent one.
 */
final class ObjState {
  static final StateKey<ObjState> KEY = StateKey.of("macos.vm_object", ObjState.class);

  long shadowOffset;
  final List<MemoryObject> shadowedBy = new ArrayList<>(1);
  boolean vnodeReference;
  long resident;

  /** XNU's VM_PURGABLE_* states; {@link #NOT_PURGEABLE} is VM_PURGABLE_DENY. */
  static final int NOT_PURGEABLE = -1;

  static final int NONVOLATILE = 0;
  static final int VOLATILE = 1;
  static final int EMPTY = 2;

  int purgeState = NOT_PURGEABLE;

  /** The task that allocated a purgeable object: its footprint charges it while non-volatile. */
  Proc owner;

  /** Pages of a purgeable object resident or compressed; what a purge takes. */
  long held;

  /** Pages the last purge took: what a reclaim reports lost. */
  long purged;

  boolean purgeable() {
    return purgeState != NOT_PURGEABLE;
  }

  /**
   * vm_object's paging_in_progress: writebacks of this file object's pages queued to the disk and
   * not yet completed ({@link #writeBack}). XNU raises it in vm_pageout_cluster and
   * vm_object_update (vm_object_paging_begin) and lowers it when memory_object_data_return returns,
   * which for an asynchronous vnode pageout can be before the I/O completes; the model holds it
   * until the disk completes the write, so its window can be longer than a Mac's.
   */
  int pagingInProgress;

  /**
   * Queues a disk write of {@code pages} of {@code obj}'s pages, holding the object's paging
   * reference (vm_object_paging_begin) until the disk completes it (vm_object_paging_end); {@code
   * whenDone} (may be null) runs then.
   */
  static void writeBack(Mach m, MemoryObject obj, int pages, Runnable whenDone) {
    writeBack(m, obj, pages, NO_FRAMES, 0, whenDone);
  }

  /**
   * As {@link #writeBack(Mach, MemoryObject, int, Runnable)}, for a write of pages that stay
   * resident: {@code frames[0, count)} are marked {@link #CLEANING} until the disk completes it.
   */
  static void writeBack(
      Mach m, MemoryObject obj, int pages, int[] frames, int count, Runnable whenDone) {
    ObjState st = of(obj);
    st.pagingInProgress++;
    long[] cleaning = new long[count];
    for (int i = 0; i < count; i++) {
      m.memory.setFlag(frames[i], CLEANING);
      cleaning[i] = (long) frames[i] << 32 | m.memory.ownerIndex(frames[i]);
    }
    m.kernel
        .disk()
        .write(
            pages,
            () -> {
              st.pagingInProgress--;
              for (long c : cleaning) {
                int frame = (int) (c >>> 32);
                // the page may have left the frame meanwhile (freed, the frame reused): only the
                // same page of the same object is committed
                if (m.memory.hasFlag(frame, CLEANING)
                    && m.memory.owner(frame) == obj.id()
                    && m.memory.ownerIndex(frame) == (int) c) {
                  m.memory.clearFlag(frame, CLEANING);
                }
              }
              if (whenDone != null) {
                whenDone.run();
              }
            });
  }

  /**
   * A resident page whose dirty contents are being written (vm_page's vmp_cleaning): XNU keeps its
   * vmp_dirty set until the UPL is committed with UPL_COMMIT_CLEAR_DIRTY when the I/O completes
   * (vm_object_upl_request: "if (dirty) SET_PAGE_DIRTY(dst_page, FALSE)"), so vmmap's DIRTY column
   * counts it until then ({@link Vmmap}). The model's own books ({@link
   * org.vmcompare.hw.PhysicalMemory#F_DIRTY}) call it clean from the moment the write is queued.
   */
  static final int CLEANING = 1 << (PhysicalMemory.F_MODEL_SHIFT + 14);

  private static final int[] NO_FRAMES = {};

  /** Whether paging is in progress on {@code obj}; creates no state for an object without one. */
  static boolean pagingInProgress(MemoryObject obj) {
    ObjState st = obj.modelState().get(KEY);
    return st != null && st.pagingInProgress > 0;
  }

  /** Tag of a compressed page's slot; the low 32 bits are its handle in {@link Compressor}. */
  static final long COMPRESSED = 1L << 62;

  static ObjState of(MemoryObject obj) {
    return obj.modelState().computeIfAbsent(KEY, ObjState::new);
  }

  /** The resident frame of page {@code page}, or -1. */
  static int frame(MemoryObject obj, long page) {
    return frameOf(obj.slots().get(page));
  }

  /** The frame a slot value names, or -1 when the page is absent or compressed. */
  static int frameOf(long slot) {
    return slot == 0 || (slot & COMPRESSED) != 0 ? -1 : (int) (slot - 1);
  }

  /** The compressor handle a slot value names, or -1. */
  static int handleOf(long slot) {
    return (slot & COMPRESSED) != 0 ? (int) slot : -1;
  }

  /** Whether the object's pages are the anonymous ("internal") kind the footprint counts. */
  static boolean internal(MemoryObject obj) {
    return obj.kind() != MemoryObject.Kind.FILE;
  }
}
