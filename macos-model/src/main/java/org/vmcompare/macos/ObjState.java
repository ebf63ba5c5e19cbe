package org.vmcompare.macos;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.state.StateKey;
import org.vmcompare.vm.MemoryObject;

/**
 * What XNU's vm_object holds beyond core's {@link MemoryObject}: the offset of its shadow (page
 * {@code i} of this object is page {@code i + shadowOffset} of the one it shadows), the objects
 * that shadow it (so the one left can be found when the chain collapses), whether the vnode holds
 * its named reference, and how many of its pages are resident.
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
