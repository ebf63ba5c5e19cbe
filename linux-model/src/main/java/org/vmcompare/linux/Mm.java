package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.ReverseMap;
import org.vmcompare.metrics.Counter;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;

/**
 * What every part of the model reaches for: the machine's parts, the options, the run's counters,
 * and the few facts fixed at boot (page size, the shared zero page). One per run, built in {@code
 * boot}; the parts of the model hold it instead of a dozen fields each.
 */
final class Mm {
  final Kernel kernel;
  final Machine machine;
  final PhysicalMemory memory;
  final ReverseMap rmap;
  final Metrics metrics;
  final LinuxOptions options;
  final CostModel costs;

  /** The bugs to plant in this run ({@link LinuxFaults}); none outside the check's tests. */
  final FaultInjection faults;

  final int pageShift;
  final long pageSize;

  /** The shared zero page: a kernel frame, untracked, mapped read-only by every read fault. */
  final int zeroFrame;

  // Model counters, registered once (the shared ones are metrics.Counter).
  final int reclaimKswapd;
  final int reclaimDirect;
  final int kswapdWakeups;
  final int allocStalls;
  final int pgscan;
  final int pgactivate;
  final int pgdeactivate;
  final int faultAroundMapped;
  final int readaheadPages;
  final int swapCacheHits;

  Mm(Kernel kernel, LinuxOptions options, FaultInjection faults) {
    this.kernel = Objects.requireNonNull(kernel, "kernel is null");
    this.options = Objects.requireNonNull(options, "options is null");
    this.faults = Objects.requireNonNull(faults, "faults is null");
    this.machine = kernel.machine();
    this.memory = machine.memory();
    this.rmap = machine.rmap();
    this.metrics = kernel.metrics();
    this.costs = machine.costs();
    this.pageShift = machine.paging().pageShift();
    this.pageSize = machine.spec().pageSize();
    this.zeroFrame = zeroPage();
    reclaimKswapd = metrics.register("linux.reclaim.kswapd", "pages kswapd reclaimed");
    reclaimDirect =
        metrics.register("linux.reclaim.direct", "pages allocating processes reclaimed directly");
    kswapdWakeups = metrics.register("linux.kswapd.wakeups", "times kswapd was woken below low");
    allocStalls =
        metrics.register("linux.allocstall", "allocations that entered direct reclaim (at min)");
    pgscan = metrics.register("linux.pgscan", "pages reclaim looked at on the inactive lists");
    pgactivate = metrics.register("linux.pgactivate", "pages moved to an active list");
    pgdeactivate = metrics.register("linux.pgdeactivate", "pages moved to an inactive list");
    faultAroundMapped =
        metrics.register("linux.faultaround.mapped", "cached pages fault-around mapped");
    readaheadPages = metrics.register("linux.readahead.pages", "file pages read ahead");
    swapCacheHits =
        metrics.register("linux.swapcache.hits", "swap faults that found the page in swap cache");
  }

  /**
   * The last frame of the kernel image, as Linux's empty_zero_page lies in the kernel: it takes no
   * managed memory. Untracked, so a million mappings of it cost nothing. On a machine without a
   * kernel reserve, the first usable frame is set aside instead.
   */
  private int zeroPage() {
    int frame = memory.kernelFrames() > 0 ? memory.kernelFrames() - 1 : 0;
    if (memory.kernelFrames() == 0) {
      memory.claim(frame, PhysicalMemory.NO_OWNER, 0);
    }
    memory.setContent(frame, 0);
    rmap.untrack(frame);
    return frame;
  }

  /** The first frame the allocator may hand out. */
  int firstManagedFrame() {
    return memory.kernelFrames() > 0 ? memory.kernelFrames() : 1;
  }

  /** Frames the allocator manages (totalram_pages). */
  long managedPages() {
    return memory.frames() - firstManagedFrame();
  }

  /** Counts a resolved fault as getrusage does: major when it did (or waited for) I/O. */
  void account(Proc p, boolean major) {
    if (major) {
      p.countMajorFault();
      metrics.increment(Counter.FAULTS_MAJOR);
    } else {
      p.countMinorFault();
      metrics.increment(Counter.FAULTS_MINOR);
    }
  }

  /**
   * A page for a copy of {@code source}, the source held meanwhile ({@link PageFlags#PINNED}) so
   * that the allocation's own reclaim cannot take it: without the hold, a fault under pressure
   * could lose its source to its own allocation, fetch it again, and lose it again forever.
   */
  int allocPinning(PageAllocator alloc, Proc p, int source) {
    boolean held = memory.hasFlag(source, PageFlags.PINNED);
    memory.setFlag(source, PageFlags.PINNED);
    try {
      return alloc.alloc(p);
    } finally {
      if (!held && memory.inUse(source)) {
        memory.clearFlag(source, PageFlags.PINNED);
      }
    }
  }

  /** Charges simulated time to the running process (one CPU). */
  void charge(long ns) {
    machine.clock().advance(ns);
  }

  /** The process behind a reverse-map handle (pid doubles as ASID). */
  Proc mapper(int rmapHandle) {
    return kernel.process(rmap.asid(rmapHandle));
  }

  /** The memory object a frame's page belongs to (its page cache or anonymous object). */
  MemoryObject owner(int frame) {
    return kernel.object(memory.owner(frame));
  }

  boolean isAnon(int frame) {
    return memory.hasFlag(frame, PageFlags.ANON);
  }
}
