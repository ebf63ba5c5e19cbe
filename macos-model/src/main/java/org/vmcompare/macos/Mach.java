package org.vmcompare.macos;

import java.util.ArrayDeque;
import java.util.Objects;
import org.vmcompare.common.Quantities;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * What every part of the model shares for one run: the kernel and machine, the options with their
 * page counts scaled to this machine, the model's counters, and the page queues. A fault takes its
 * frames from the free queue; when too few are free it first runs the pageout scan itself (the
 * faulting thread waits in VM_PAGE_WAIT while vm_pageout_scan works: on one CPU the same time), and
 * when that cannot free a page and there is nothing to kill, the task sleeps at the "out of
 * application memory" dialog until pages come free ({@link #waitForPages}), never with a made-up
 * reclaim.
 */
final class Mach {
  /** Usable pages from which XNU's caps on free_min and free_target apply (about 2^18). */
  static final long FULL_PAGES = 1L << 18;

  /** VM_PAGE_FREE_RESERVED on a Mac: 6 x VM_PAGE_LAUNDRY_MAX (128) + a few per CPU. */
  static final long FREE_RESERVED = 6 * 128 + 8;

  final Kernel kernel;
  final Machine machine;
  final PhysicalMemory memory;
  final Metrics metrics;
  final CostModel costs;
  final MacosOptions options;

  /** The check engine's planted faults ({@link MacosModuleProvider#faultInjections}); none else. */
  final FaultInjection injected;

  final PageQueues queues;
  final int pageShift;
  final long pageSize;

  /** Thresholds in pages of this machine (see {@link MacosOptions#scaleToMachine}). */
  final long freeMin;

  final long freeTarget;
  final long reserved;
  final long reactivateLimit;

  /** macos.shadows: shadow objects created by a first write through a needs-copy entry. */
  final int shadows;

  /** macos.collapses: backing objects merged into their only shadow. */
  final int collapses;

  /** macos.handoffs: pages taken from another process under aliasing: exclusive-handoff. */
  final int handoffs;

  /** macos.faults: XNU's "Translation faults" (vm_stat): every fault the model resolved. */
  final int faults;

  /** macos.reactivations: referenced inactive or speculative pages put back on active. */
  final int reactivations;

  /** macos.compressions and macos.decompressions: pages into and out of the compressor. */
  final int compressions;

  final int decompressions;

  /** macos.compactions: compressor segments compacted to fewer frames. */
  final int compactions;

  /** macos.swapouts and macos.swapins: compressor pages written to and read from swapfiles. */
  final int swapouts;

  final int swapins;

  /** macos.pageouts: dirty file pages the pageout scan wrote back (vm_stat Pageouts). */
  final int pageouts;

  /** macos.scans: pageout scans run (woken by the daemon or by a fault that found too few). */
  final int scans;

  private long filePages;

  /**
   * Tasks asleep for a free page at the "out of application memory" dialog ({@link
   * OutOfMemoryDialog}), in the order they came: vm_page_wait's waiters.
   */
  private final ArrayDeque<Proc> pageWaiters = new ArrayDeque<>();

  /** How many wait; {@link #release}'s one test while none does. */
  private int waiting;

  /** Free pages above which the waiters are woken: the smallest need among them. */
  private long wakeAbove = Long.MAX_VALUE;

  Mach(Kernel kernel, MacosOptions options, FaultInjection injected) {
    this.kernel = Objects.requireNonNull(kernel, "kernel is null");
    this.options = Objects.requireNonNull(options, "options is null");
    this.injected = Objects.requireNonNull(injected, "injected is null");
    this.machine = kernel.machine();
    this.memory = machine.memory();
    this.metrics = kernel.metrics();
    this.costs = machine.costs();
    this.pageSize = memory.pageSize();
    this.pageShift = Long.numberOfTrailingZeros(pageSize);
    this.queues = new PageQueues(memory);
    double scale =
        options.scaleToMachine() ? Math.min(1.0, (double) memory.usableFrames() / FULL_PAGES) : 1;
    reserved = Math.max(2, Math.round(FREE_RESERVED * scale));
    freeMin = Math.max(reserved + 1, Math.round(options.freePagesMin() * scale));
    freeTarget = Math.max(freeMin + 1, Math.round(options.freePagesTarget() * scale));
    reactivateLimit = Math.max(1, Math.round(options.reactivateLimit() * scale));
    shadows = metrics.register("macos.shadows", "shadow objects made by copy-on-write");
    collapses = metrics.register("macos.collapses", "backing objects collapsed into a shadow");
    handoffs =
        metrics.register(
            "macos.handoffs", "aliased pages unmapped from another process (exclusive-handoff)");
    faults = metrics.register("macos.faults", "translation faults resolved (vm_stat)");
    reactivations =
        metrics.register("macos.reactivations", "referenced inactive pages put back on active");
    compressions = metrics.register("macos.compressions", "pages compressed (vm_stat)");
    decompressions = metrics.register("macos.decompressions", "pages decompressed (vm_stat)");
    compactions =
        metrics.register("macos.compactions", "compressor segments compacted (minor compaction)");
    swapouts = metrics.register("macos.swapouts", "compressor pages written to swapfiles");
    swapins = metrics.register("macos.swapins", "compressor pages read back from swapfiles");
    pageouts = metrics.register("macos.pageouts", "dirty file pages written back (vm_stat)");
    scans = metrics.register("macos.scans", "pageout scans run");
  }

  /**
   * A free frame claimed for page {@code page} of {@code obj}, put on the active queue; its content
   * is the caller's to fill. The fault made sure enough were free ({@link Pageout#ensureFree}).
   */
  int claim(MemoryObject obj, long page) {
    int frame = queues.takeFree();
    if (frame < 0) {
      throw new IllegalStateException("macos: no free frame after the fault's reclaim");
    }
    memory.claim(frame, obj.id(), (int) page);
    queues.activate(frame);
    if (obj.kind() == MemoryObject.Kind.FILE) {
      filePages++;
    }
    return frame;
  }

  /** Forgets a frame's content and owner and puts it back on the free queue. */
  void release(int frame) {
    MemoryObject obj = kernel.object(memory.owner(frame));
    if (obj != null && obj.kind() == MemoryObject.Kind.FILE) {
      filePages--;
    }
    memory.clearFlag(frame, PhysicalMemory.F_DIRTY);
    memory.release(frame);
    queues.free(frame);
    if (waiting != 0 && freeCount() > wakeAbove) {
      wakePageWaiters();
    }
  }

  /**
   * {@code p} sleeps until more than {@code needed} pages are free (VM_PAGE_WAIT: vm_page_release
   * wakes the waiters once the free count is back up), hanging for {@code reason} if nothing ever
   * frees them ({@code Kernel.hang}).
   */
  void waitForPages(Proc p, long needed, String reason) {
    kernel.hang(p, reason);
    if (!pageWaiters.contains(p)) {
      pageWaiters.add(p);
      waiting++;
    }
    wakeAbove = Math.min(wakeAbove, needed);
  }

  /**
   * Memory the scan can free came about with no frame freed yet (a volatile purgeable object, a
   * reusable page, a cleaned file page): the waiters, oldest first, try their faults again, whose
   * scan reclaims it (XNU's pageout thread keeps scanning while a thread waits for a page).
   */
  void reclaimable() {
    if (waiting != 0) {
      wakePageWaiters();
    }
  }

  /** Every waiter, oldest first, tries its fault again: enough pages came free for one. */
  private void wakePageWaiters() {
    while (!pageWaiters.isEmpty()) {
      Proc p = pageWaiters.poll();
      if (p.alive()) {
        kernel.wake(p);
      }
    }
    waiting = 0;
    wakeAbove = Long.MAX_VALUE;
  }

  /** Resident file-backed pages (vm_page_pageable_external_count, roughly). */
  long filePages() {
    return filePages;
  }

  int freeCount() {
    return queues.size(PageQueues.FREE);
  }

  void charge(long ns) {
    machine.clock().advance(ns);
  }

  /** The run cannot go on: nothing the model has built can free a page for {@code p}. */
  RunFailure outOfMemory(Proc p, Region r, String why) {
    long ram = (long) memory.frames() * pageSize;
    return new RunFailure(
        "no free page for "
            + p
            + " ("
            + (r == null ? "a fault" : r.label())
            + ") on macos with machine.ram = "
            + Quantities.formatBytes(ram)
            + ": "
            + why,
        true);
  }
}
