package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.vm.MemoryObject;

/**
 * {@code vm_stat} (vm_stat(1), host_statistics64 HOST_VM_INFO64) in the tool's text shape. Only the
 * free list exists among the page queues so far: every page an object holds is counted active, and
 * the inactive, speculative, throttled, purgeable and compressor figures, reactivations, purges,
 * pageouts, swapins and swapouts are 0 until the page queues, purgeable objects and the compressor
 * are built (docs/models/macos.md).
 */
final class VmStat {
  private final Mach m;

  VmStat(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
  }

  String render() {
    long file = 0;
    long anonymous = 0;
    for (int f = m.memory.kernelFrames(); f < m.memory.frames(); f++) {
      if (m.memory.inUse(f)) {
        MemoryObject obj = m.kernel.object(m.memory.owner(f));
        if (obj != null && obj.kind() == MemoryObject.Kind.FILE) {
          file++;
        } else {
          anonymous++;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format("Mach Virtual Memory Statistics: (page size of %d bytes)%n", m.pageSize));
    line(out, "Pages free:", m.freeCount());
    line(out, "Pages active:", file + anonymous);
    line(out, "Pages inactive:", 0);
    line(out, "Pages speculative:", 0);
    line(out, "Pages throttled:", 0);
    line(out, "Pages wired down:", m.memory.kernelFrames());
    line(out, "Pages purgeable:", 0);
    line(out, "\"Translation faults\":", m.metrics.get(m.faults));
    line(out, "Pages copy-on-write:", m.metrics.get(Counter.COW_COPIES));
    line(out, "Pages zero filled:", m.metrics.get(Counter.ZERO_FILLS));
    line(out, "Pages reactivated:", 0);
    line(out, "Pages purged:", 0);
    line(out, "File-backed pages:", file);
    line(out, "Anonymous pages:", anonymous);
    line(out, "Pages stored in compressor:", 0);
    line(out, "Pages occupied by compressor:", 0);
    line(out, "Decompressions:", 0);
    line(out, "Compressions:", 0);
    line(out, "Pageins:", m.metrics.get(Counter.FILE_READS));
    line(out, "Pageouts:", 0);
    line(out, "Swapins:", 0);
    line(out, "Swapouts:", 0);
    return out.toString();
  }

  private static void line(StringBuilder out, String label, long value) {
    out.append(String.format("%-29s %16d.%n", label, value));
  }
}
