package org.vmcompare.macos;

import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.Op;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;
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
  private static final OptionSpec OFFSET = OptionSpec.size("offset", "0", "");
  private static final OptionSpec SIZE = OptionSpec.size("size", "0", "");

  private final Mach m;
  private final VmMap map;

  MachVmProtect(Mach m, VmMap map) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.map = Objects.requireNonNull(map, "map is null");
  }

  Outcome call(Proc p, Op.Native op) {
    Map<String, Object> args = op.args();
    Region r = p.space().byLabel(arg(args, "region"));
    if (r == null) {
      return Outcome.failed(
          "KERN_INVALID_ADDRESS", "no mapping named '" + args.get("region") + "'");
    }
    long first = pages(args, OFFSET);
    long count = args.containsKey("size") ? pages(args, SIZE) : r.pages() - first;
    if (first < 0 || count <= 0 || first + count > r.pages()) {
      throw bad(
          "args.offset and args.size do not fit the "
              + r.pages()
              + " pages of '"
              + r.label()
              + "'");
    }
    Protection prot;
    try {
      prot = Protection.parse(arg(args, "protection"));
    } catch (IllegalArgumentException e) {
      throw bad("args.protection: " + e.getMessage());
    }
    map.protect(p, r, first, count, prot);
    return Outcome.ok();
  }

  private long pages(Map<String, Object> args, OptionSpec spec) {
    Object v = args.get(spec.key());
    if (v == null) {
      return 0;
    }
    try {
      return spec.bytesValue(String.valueOf(v), m.pageSize) / m.pageSize;
    } catch (IllegalArgumentException e) {
      throw bad("args." + spec.key() + ": " + e.getMessage());
    }
  }

  private static String arg(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (v == null) {
      throw bad("args." + key + " is required");
    }
    return String.valueOf(v);
  }

  private static RunFailure bad(String why) {
    return new RunFailure("native macos.mach_vm_protect: " + why, true);
  }
}
