package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * Purgeable memory (osfmk/vm/vm_purgeable.c, vm_object_purgable_control): an allocation made with
 * VM_FLAGS_PURGABLE gets its object at once, NONVOLATILE and owned by the allocating task, whose
 * footprint charges its pages. {@code offer} is mach_vm_purgable_control(VM_PURGABLE_SET_STATE,
 * VOLATILE): the object joins the tail of the purge queue and leaves the footprint, its pages still
 * readable and writable. The pageout scan empties volatile objects, oldest first, before it
 * compresses anything ({@link #purgeOne}). {@code reclaim} sets NONVOLATILE and answers from the
 * old state: VOLATILE (nothing lost) or EMPTY (the pages the purge took, which now read zero).
 *
 * <p>As in XNU's vm_map_purgable_control, the control applies to a whole object: an entry that maps
 * only part of it (clipped), a range short of the whole region, or memory that is not purgeable is
 * refused with KERN_INVALID_ARGUMENT.
 */
final class Purgeable {
  private static final String[] STATES = {"NONVOLATILE", "VOLATILE", "EMPTY"};

  private final Mach m;
  private final VmObjects objects;

  /** macos.purges: pages purged from volatile objects (vm_stat's "Pages purged"). */
  private final int purges;

  Purgeable(Mach m, VmObjects objects) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    purges = m.metrics.register("macos.purges", "pages purged from volatile objects (vm_stat)");
  }

  /** The object of a purgeable allocation: NONVOLATILE, owned by {@code p}. */
  MemoryObject create(Proc p, String label, long pages) {
    MemoryObject obj = objects.allocate(label, pages);
    ObjState st = ObjState.of(obj);
    st.purgeState = ObjState.NONVOLATILE;
    st.owner = p;
    return obj;
  }

  /** VM_PURGABLE_SET_STATE VOLATILE; answers the old state. An EMPTY object stays EMPTY. */
  Outcome offer(Proc p, Op.Offer op) {
    String bad = invalid("VOLATILE", op.region(), op.firstPage(), op.pages());
    if (bad != null) {
      return Outcome.failed("KERN_INVALID_ARGUMENT", bad);
    }
    MemoryObject obj = op.region().object();
    ObjState st = ObjState.of(obj);
    int old = st.purgeState;
    if (old == ObjState.NONVOLATILE) {
      objects.bill(st, -st.held); // out of the owner's footprint
      st.purgeState = ObjState.VOLATILE;
      objects.volatileQueue.add(obj);
    }
    return Outcome.ok(old, "old state " + STATES[old]);
  }

  /**
   * VM_PURGABLE_SET_STATE NONVOLATILE: back in the owner's footprint and off the queue. Answers
   * {@link Outcome#reclaimed}: 0 pages lost from VOLATILE, the purged pages from EMPTY.
   */
  Outcome reclaim(Proc p, Op.Reclaim op) {
    String bad = invalid("NONVOLATILE", op.region(), op.firstPage(), op.pages());
    if (bad != null) {
      return Outcome.failed("KERN_INVALID_ARGUMENT", bad);
    }
    MemoryObject obj = op.region().object();
    ObjState st = ObjState.of(obj);
    int old = st.purgeState;
    if (old == ObjState.NONVOLATILE) {
      return Outcome.reclaimed(0);
    }
    long lost = old == ObjState.EMPTY ? st.purged : 0;
    m.kernel.log(
        p
            + " made '"
            + op.region().label()
            + "' NONVOLATILE: old state "
            + STATES[old]
            + ", "
            + lost
            + " pages lost");
    objects.volatileQueue.remove(obj);
    st.purgeState = ObjState.NONVOLATILE;
    objects.bill(st, st.held); // back in the owner's footprint
    st.purged = 0;
    return Outcome.reclaimed(lost);
  }

  /**
   * Purges the oldest volatile object (the FIFO queue's head) when there is one: what the pageout
   * scan does before it looks at the inactive queues. Returns false when none is volatile.
   */
  boolean purgeOne() {
    if (objects.volatileQueue.isEmpty()) {
      return false;
    }
    MemoryObject obj = objects.volatileQueue.iterator().next();
    long pages = objects.purge(obj);
    m.metrics.add(purges, pages);
    m.metrics.add(Counter.DISCARDS, pages);
    m.kernel.log("purged volatile object '" + obj.name() + "': " + pages + " pages, now EMPTY");
    return true;
  }

  /** vm_stat's "Pages purged": pages every purge so far took. */
  long purged() {
    return m.metrics.get(purges);
  }

  /** vm_stat's "Pages purgeable": resident pages of volatile objects. */
  long volatilePages() {
    long pages = 0;
    for (MemoryObject obj : objects.volatileQueue) {
      pages += ObjState.of(obj).resident;
    }
    return pages;
  }

  /** The PURGE column of vmmap: V, N or E, blank for memory that is not purgeable. */
  static String mode(Region r) {
    if (r.object() == null || !ObjState.of(r.object()).purgeable()) {
      return "";
    }
    return switch (ObjState.of(r.object()).purgeState) {
      case ObjState.VOLATILE -> "V";
      case ObjState.EMPTY -> "E";
      default -> "N";
    };
  }

  /** Why XNU refuses the control on this range (KERN_INVALID_ARGUMENT), or null. */
  private static String invalid(String state, Region r, long first, long pages) {
    String call = "mach_vm_purgable_control(VM_PURGABLE_SET_STATE, " + state + "): ";
    MemoryObject obj = r.object();
    if (obj == null || !ObjState.of(obj).purgeable()) {
      return call
          + "'"
          + r.label()
          + "' is not purgeable memory (allocate it with purgeable: true)";
    }
    if (r.objectOffset() != 0 || r.pages() != obj.pages() || first != 0 || pages != r.pages()) {
      return call
          + "the control applies to a whole purgeable object; '"
          + r.label()
          + "' pages "
          + first
          + ".."
          + (first + pages - 1)
          + " of its object's "
          + obj.pages()
          + " is not all of it";
    }
    return null;
  }
}
