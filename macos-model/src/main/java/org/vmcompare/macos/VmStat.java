package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.metrics.Counter;

/**
 * {@code vm_stat} (vm_stat(1), host_statistics64 HOST_VM_INFO64) in the tool's text shape, read
 * from the page queues and the compressor: active, inactive (anonymous + file + cleaned),
 * speculative, throttled (empty: the compressor is on) and free are queue sizes; wired is the
 * kernel's frames; file-backed and anonymous count the pages objects hold (on any queue but free
 * and compressor); stored and occupied come from the compressor; purgeable counts the resident
 * pages of volatile objects, purged the pages purges took (docs/models/macos.md).
 */
final class VmStat {
  private final Mach m;
  private final Compressor compressor;
  private final Purgeable purgeable;

  VmStat(Mach m, Compressor compressor, Purgeable purgeable) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    this.purgeable = Objects.requireNonNull(purgeable, "purgeable is null");
  }

  String render() {
    PageQueues q = m.queues;
    long held = m.memory.usableFrames() - q.size(PageQueues.FREE) - compressor.occupied();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format("Mach Virtual Memory Statistics: (page size of %d bytes)%n", m.pageSize));
    line(out, "Pages free:", m.freeCount());
    line(out, "Pages active:", q.size(PageQueues.ACTIVE));
    line(out, "Pages inactive:", q.inactiveCount());
    line(out, "Pages speculative:", q.speculativeCount());
    line(out, "Pages throttled:", q.size(PageQueues.THROTTLED));
    line(out, "Pages wired down:", m.memory.kernelFrames());
    line(out, "Pages purgeable:", purgeable.volatilePages());
    line(out, "\"Translation faults\":", m.metrics.get(m.faults));
    line(out, "Pages copy-on-write:", m.metrics.get(Counter.COW_COPIES));
    line(out, "Pages zero filled:", m.metrics.get(Counter.ZERO_FILLS));
    line(out, "Pages reactivated:", m.metrics.get(m.reactivations));
    line(out, "Pages purged:", purgeable.purged());
    line(out, "File-backed pages:", m.filePages());
    line(out, "Anonymous pages:", held - m.filePages());
    line(out, "Pages stored in compressor:", compressor.stored());
    line(out, "Pages occupied by compressor:", compressor.occupied());
    line(out, "Decompressions:", m.metrics.get(m.decompressions));
    line(out, "Compressions:", m.metrics.get(m.compressions));
    line(out, "Pageins:", m.metrics.get(Counter.FILE_READS));
    line(out, "Pageouts:", m.metrics.get(m.pageouts));
    line(out, "Swapins:", m.metrics.get(m.swapins));
    line(out, "Swapouts:", m.metrics.get(m.swapouts));
    return out.toString();
  }

  private static void line(StringBuilder out, String label, long value) {
    out.append(String.format("%-29s %16d.%n", label, value));
  }
}
