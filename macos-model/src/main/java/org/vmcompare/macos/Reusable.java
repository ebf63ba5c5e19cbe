package org.vmcompare.macos;

import java.util.Locale;
import java.util.Objects;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.NativeArgs;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * madvise(MADV_FREE_REUSABLE) and madvise(MADV_FREE_REUSE) (osfmk/vm/vm_map.c vm_map_reusable_pages
 * and vm_map_reuse_pages, vm_object.c vm_object_deactivate_pages and vm_object_reuse_pages): the
 * portable {@code release} is the first, and the native {@code madvise} call takes either. REUSABLE
 * leaves the pages resident and mapped, clears their modified and referenced bits, drops a
 * compressed copy in the range, and moves them out of the footprint at once; the pageout scan then
 * frees such a page instead of compressing it while no mapping has written it since ({@link
 * #discardable}), and it reads zero at its next touch. REUSE puts the range's reusable pages back
 * in the footprint; it does not make them dirty, so a page not written since can still be freed by
 * the scan. As in XNU, only an object nobody else can see is touched: one reference, or one that is
 * not copied symmetrically (POSIX shared memory, a file), and never one with a shadow; otherwise
 * the call succeeds and leaves the pages as they are.
 */
final class Reusable {
  /** The page is reusable (vm_page's vmp_reusable): its mappings are charged to no footprint. */
  static final int REUSABLE = 1 << (PhysicalMemory.F_MODEL_SHIFT + 12);

  /** The page's dirty state was cleared by MADV_FREE_REUSABLE; a write since shows in a PTE. */
  static final int CLEANED = 1 << (PhysicalMemory.F_MODEL_SHIFT + 13);

  private final Mach m;
  private final Pmap pmap;
  private final VmObjects objects;
  private final Compressor compressor;
  private final int reusable;
  private final int reused;
  private final int reclaimed;

  Reusable(Mach m, Pmap pmap, VmObjects objects, Compressor compressor) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    reusable = m.metrics.register("macos.reusable", "pages made reusable (MADV_FREE_REUSABLE)");
    reused = m.metrics.register("macos.reused", "reusable pages reused (MADV_FREE_REUSE)");
    reclaimed =
        m.metrics.register(
            "macos.reusable.reclaimed", "clean reusable pages the pageout scan freed uncompressed");
  }

  /** The portable {@code release}: MADV_FREE_REUSABLE on the range. */
  Outcome release(Proc p, Op.Release op) {
    return makeReusable(p, op.region(), op.firstPage(), op.pages());
  }

  /** {@code native: {os: macos, call: madvise, args: {region, offset, size, advice}}}. */
  Outcome madvise(Proc p, Op.Native op) {
    NativeArgs a = new NativeArgs("native macos.madvise", op.args(), m.pageSize);
    Region r = p.space().byLabel(a.required("region"));
    if (r == null) {
      return Outcome.failed("EINVAL", "no mapping named '" + a.optional("region") + "'");
    }
    long[] range = a.range(r);
    String advice = a.required("advice").toUpperCase(Locale.ROOT);
    return switch (advice) {
      case "MADV_FREE_REUSABLE" -> makeReusable(p, r, range[0], range[1]);
      case "MADV_FREE_REUSE" -> reuse(r, range[0], range[1]);
      default ->
          throw a.bad(
              "args.advice: "
                  + advice
                  + " is not one the model has (MADV_FREE_REUSABLE, MADV_FREE_REUSE)");
    };
  }

  /** vm_map_reusable_pages over one entry; answers the pages made reusable. */
  private Outcome makeReusable(Proc p, Region r, long first, long pages) {
    if (!r.protection().write()) {
      return Outcome.failed(
          "EINVAL",
          "madvise(MADV_FREE_REUSABLE): '"
              + r.label()
              + "' is not writable, so its contents cannot be discarded (KERN_PROTECTION_FAILURE)");
    }
    MemoryObject obj = r.object();
    if (obj == null) {
      return Outcome.ok(0); // never touched: no object, nothing to do
    }
    ObjState st = ObjState.of(obj);
    // Purgeable memory is not refused. In osfmk/vm/vm_map.c (apple-oss-distributions/xnu at
    // 27b03b3), vm_map_reusable_pages' preflight calls vm_map_entry_is_reusable, whose test
    // "object->purgable == VM_PURGABLE_DENY" sits only in its branch for entries tagged as malloc
    // memory (VM_MEMORY_MALLOC*, VM_MEMORY_REALLOC); any other tag, as a plain
    // mach_vm_allocate(VM_FLAGS_PURGABLE) has, returns TRUE before it ("let the caller decide").
    // vm_map_reusable_pages then calls vm_object_deactivate_pages(kill_page 1, reusable_page TRUE),
    // and deactivate_pages_in_object (vm_object.c) never looks at the purgeable state. A purgeable
    // object is MEMORY_OBJECT_COPY_NONE with no copy object, so it is "alone" whatever its
    // references: darwin-xnu's vm_map_reusable_pages tests (ref_count == 1 || (copy_strategy !=
    // MEMORY_OBJECT_COPY_SYMMETRIC && copy == VM_OBJECT_NULL)) && shadow == VM_OBJECT_NULL, which
    // newer XNU moved into vm_object_no_shadowing.
    boolean alone =
        obj.refCount() == 1 || obj.trueShare() || !ObjState.internal(obj) || st.purgeable();
    if (!alone || obj.shadow() != null) {
      m.kernel.log(
          p
              + " madvise(MADV_FREE_REUSABLE) on '"
              + r.label()
              + "': its object is shared copy-on-write or shadows another, so its pages stay"
              + " as they are");
      return Outcome.ok(0);
    }
    long made = 0;
    for (long i = first; i < first + pages; i++) {
      long page = r.objectOffset() + i;
      long slot = obj.slots().get(page);
      int frame = ObjState.frameOf(slot);
      if (!ObjState.internal(obj)) {
        if (frame >= 0) {
          m.machine.testAndClearAccessed(frame); // a file's pages are only deactivated
        }
      } else if (frame >= 0) {
        if (!m.memory.hasFlag(frame, REUSABLE)) {
          pmap.reusable(frame, true);
          made++;
        }
      } else if (ObjState.handleOf(slot) >= 0) {
        compressor.free(ObjState.handleOf(slot)); // VM_COMPRESSOR_PAGER_STATE_CLR
        obj.slots().set(page, 0);
        objects.charge(st, -1); // a purgeable object's owner is charged one page less
        if (Pmap.marker(p.space().pageTable().get(r.startVpn() + i))) {
          pmap.remove(p, r.startVpn() + i, 1); // its compressed charge goes with it
        }
      }
    }
    m.metrics.add(reusable, made);
    return Outcome.ok(made);
  }

  /** vm_map_reuse_pages over one entry: its object's reusable pages are charged again. */
  private Outcome reuse(Region r, long first, long pages) {
    MemoryObject obj = r.object();
    long back = 0;
    for (long i = first; obj != null && i < first + pages; i++) {
      int frame = ObjState.frame(obj, r.objectOffset() + i);
      if (frame >= 0 && m.memory.hasFlag(frame, REUSABLE)) {
        pmap.reusable(frame, false);
        back++;
      }
    }
    m.metrics.add(reused, back);
    return Outcome.ok(back);
  }

  /**
   * Whether the pageout scan frees this internal page rather than compress it: its dirty state was
   * cleared by MADV_FREE_REUSABLE and no mapping has written it since.
   */
  boolean discardable(int frame) {
    return clean(m, frame);
  }

  /**
   * Whether an internal page is clean: MADV_FREE_REUSABLE cleared its dirty state and no mapping
   * has written it since (no modified bit in a PTE, none kept from a mapping gone). vmmap's DIRTY
   * leaves it out, as it leaves out every clean page.
   */
  static boolean clean(Mach m, int frame) {
    return m.memory.hasFlag(frame, CLEANED)
        && !m.memory.hasFlag(frame, PhysicalMemory.F_DIRTY)
        && !m.machine.dirtyAnywhere(frame);
  }

  /** The scan frees a discardable page: unmapped everywhere, gone from its object, zero next. */
  void discard(int frame, MemoryObject obj, long page) {
    pmap.disconnect(frame, -1);
    objects.pageOut(obj, page, 0);
    m.release(frame);
    m.metrics.increment(reclaimed);
    m.metrics.increment(Counter.DISCARDS);
  }
}
