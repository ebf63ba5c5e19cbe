package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.common.Quantities;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * What every part of the model shares for one run: the kernel and machine, the options, the model's
 * counters, and the free page list. XNU's free list is one of its page queues; the others (active,
 * inactive, speculative, cleaned) and the pageout daemon that refills the free list are not built
 * yet, so when the free list is empty the run ends with a message saying so, never with a made-up
 * reclaim.
 */
final class Mach {
  final Kernel kernel;
  final Machine machine;
  final PhysicalMemory memory;
  final Metrics metrics;
  final CostModel costs;
  final MacosOptions options;
  final int pageShift;
  final long pageSize;

  /** macos.shadows: shadow objects created by a first write through a needs-copy entry. */
  final int shadows;

  /** macos.collapses: backing objects merged into their only shadow. */
  final int collapses;

  /** macos.handoffs: pages taken from another process under aliasing: exclusive-handoff. */
  final int handoffs;

  /** macos.faults: XNU's "Translation faults" (vm_stat): every fault the model resolved. */
  final int faults;

  /** Free frames, a stack: the lowest frame on top at boot. */
  private final int[] free;

  private int freeCount;

  Mach(Kernel kernel, MacosOptions options) {
    this.kernel = Objects.requireNonNull(kernel, "kernel is null");
    this.options = Objects.requireNonNull(options, "options is null");
    this.machine = kernel.machine();
    this.memory = machine.memory();
    this.metrics = kernel.metrics();
    this.costs = machine.costs();
    this.pageSize = memory.pageSize();
    this.pageShift = Long.numberOfTrailingZeros(pageSize);
    this.free = new int[memory.frames()];
    for (int f = memory.frames() - 1; f >= memory.kernelFrames(); f--) {
      free[freeCount++] = f;
    }
    shadows = metrics.register("macos.shadows", "shadow objects made by copy-on-write");
    collapses = metrics.register("macos.collapses", "backing objects collapsed into a shadow");
    handoffs =
        metrics.register(
            "macos.handoffs", "aliased pages unmapped from another process (exclusive-handoff)");
    faults = metrics.register("macos.faults", "translation faults resolved (vm_stat)");
  }

  /**
   * A free frame claimed for page {@code page} of {@code obj}; its content is the caller's to fill.
   *
   * @throws RunFailure when no frame is free: the reclaim that would make one is not built yet
   */
  int claim(MemoryObject obj, long page, Proc p, Region r) {
    if (freeCount == 0) {
      throw outOfMemory(p, r);
    }
    int frame = free[--freeCount];
    memory.claim(frame, obj.id(), (int) page);
    return frame;
  }

  /** Forgets a frame's content and owner and puts it back on the free list. */
  void release(int frame) {
    memory.release(frame);
    free[freeCount++] = frame;
  }

  int freeCount() {
    return freeCount;
  }

  void charge(long ns) {
    machine.clock().advance(ns);
  }

  private RunFailure outOfMemory(Proc p, Region r) {
    long mapped = 0;
    for (Proc q : kernel.processes()) {
      if (q.alive()) {
        for (Region each : q.space().regions()) {
          mapped += each.pages();
        }
      }
    }
    long ram = (long) memory.frames() * pageSize;
    long resident = (long) memory.usableFrames() * pageSize;
    return new RunFailure(
        "no free page for "
            + p
            + " ("
            + (r == null ? "a fault" : r.label())
            + "): all "
            + Quantities.formatBytes(resident)
            + " of usable memory is resident, and the macOS model's reclaim (page queues, the"
            + " pageout daemon, the compressor and swapfiles) is not built yet. This experiment"
            + " needs more than machine.ram = "
            + Quantities.formatBytes(ram)
            + " on macos today; the live processes map "
            + Quantities.formatBytes(mapped * pageSize)
            + " in all, so a machine.ram of "
            + Quantities.formatBytes(ram - resident + mapped * pageSize)
            + " or more is enough unless copy-on-write copies, shared memory nobody maps or cached"
            + " file pages add to it",
        true);
  }
}
