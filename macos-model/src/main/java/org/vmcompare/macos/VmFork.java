package org.vmcompare.macos;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.VpnRange;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * vm_map_fork with symmetric copy (MEMORY_OBJECT_COPY_SYMMETRIC): each private entry of the child
 * references the parent's object, both entries get needs_copy, and the parent's resident pages are
 * write-protected in one pass with one TLB flush; the first write on either side shadows its own
 * entry (VmFault). Shared entries (POSIX shm, files mapped shared) are simply shared. The child's
 * pmap starts empty: its pages come in by faults.
 */
final class VmFork {
  private final Mach m;

  VmFork(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
  }

  Outcome fork(Proc parent, Op.Fork op) {
    for (Region r : parent.space().regions()) {
      if (r.object() != null && ObjState.of(r.object()).purgeable()) {
        // XNU copies a purgeable object (MEMORY_OBJECT_COPY_NONE) eagerly at fork; not built
        return Outcome.notImplemented(
            "macos", "fork of a process holding purgeable memory ('" + r.label() + "')");
      }
    }
    Proc child = m.kernel.newProcess(op.childName(), parent.options(), parent);
    List<VpnRange> copyOnWrite = new ArrayList<>();
    for (Region r : parent.space().regions()) {
      Region c =
          new Region(
              r.label(),
              r.startVpn(),
              r.pages(),
              r.protection(),
              r.maxProtection(),
              r.object(),
              r.objectOffset(),
              r.sharing());
      child.space().add(c);
      Reservation res = Reservation.of(r);
      if (res != null) {
        c.modelState().put(Reservation.KEY, res.slice(0, r.pages()));
      }
      if (r.object() == null) {
        continue; // never touched: each side gets its own object at its first fault
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
    return Outcome.ok(child.pid());
  }
}
