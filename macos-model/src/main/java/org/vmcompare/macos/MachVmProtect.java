package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.os.NativeArgs;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * The native call {@code mach_vm_protect} ({@code native: {os: macos, call: mach_vm_protect, args:
 * {region, offset, size, protection}}}): a protection on part of a mapping, which the portable
 * {@code protect} step (the whole mapping) cannot say. XNU clips the entry at the range's ends, so
 * the object gains a reference per new entry: this is how a private region comes to show ALI. Steps
 * after it that name the mapping act on its first entry.
 */
final class MachVmProtect {

  private final Mach m;
  private final VmMap map;

  MachVmProtect(Mach m, VmMap map) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.map = Objects.requireNonNull(map, "map is null");
  }

  Outcome call(Proc p, Op.Native op) {
    NativeArgs a = new NativeArgs("native macos.mach_vm_protect", op.args(), m.pageSize);
    Region r = p.space().byLabel(a.required("region"));
    if (r == null) {
      return Outcome.failed(
          "KERN_INVALID_ADDRESS", "no mapping named '" + a.optional("region") + "'");
    }
    long[] range = a.range(r);
    Protection prot;
    try {
      prot = Protection.parse(a.required("protection"));
    } catch (IllegalArgumentException e) {
      throw a.bad("args.protection: " + e.getMessage());
    }
    map.protect(p, r, range[0], range[1], prot);
    return Outcome.ok();
  }
}
