package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;

/**
 * What every part of the model shares for one run: the machine, the pagefile, the options with
 * their page counts scaled to this machine, and the model's counters.
 */
final class Nt {
  /** 63 MB in 4 KiB pages: the machine size the WRK's page counts are meant for. */
  static final long FULL_SIZE_BYTES = 63L << 20;

  final Kernel kernel;
  final Machine machine;
  final PhysicalMemory memory;
  final Metrics metrics;
  final WindowsOptions options;
  final FaultInjection faults;
  final BackingStore pagefile;
  final int pageShift;
  final long pageSize;

  /** Thresholds in pages of this machine (see {@link WindowsOptions#scaleToMachine}). */
  final long wakeAvailable;

  final long plentyFree;

  /**
   * MiResolveMappedFileFault's clustering (WRK base/ntos/mm/pagfault.c; sizes from mminit.c by
   * machine size: at most 12 MB of RAM 2 and 1, at most 19 MB 4 and 2, else 7 and 7): a hard fault
   * on a data file reads up to {@code readCluster} more pages of it when more than twice MmFreeGoal
   * (100) pages are available, one on an image (executable) up to {@code codeCluster} more when
   * more than MM_MAXIMUM_READ_CLUSTER_SIZE + 16 (31) are.
   */
  final int readCluster;

  final int codeCluster;
  final long dataClusterAvailable;
  final long imageClusterAvailable;
  final long trimGoal;
  final long enormousFree;
  final long growthCheckAvailable;
  final long lastPassAvailable;

  /** MM_HIGH_LIMIT, scaled: a process's fault waits while fewer pages are available (0: never). */
  final long faultWait;

  final long modifiedWriteThreshold;
  final long modifiedLowThreshold;
  final long modifiedLowAvailable;
  final long zeroThreadMinFree;
  final long commitReserve;
  final long commitChargeReserve;
  final long pagefileGrowth;
  final long systemCacheWsMinimum;

  final int faultsAll;
  final int faultsSoft;
  final int faultsHard;
  final int faultWaits;
  final int clusterPages;
  final int faultsDemandZero;
  final int wsTrimmed;
  final int wsReplaced;
  final int standbyRepurposed;
  final int pagefileExtensions;
  final int offerLost;
  final int bsmRuns;
  final int pagesZeroed;
  final int wsAged;

  /**
   * MiAgingShift now: a run ages (working-set size >> it) entries of each working set. It starts at
   * the option's value, or the WRK's choice by machine size, and the balance set manager moves it
   * within 3..7 ({@link BalanceSetManager#adjustAgingShift}).
   */
  int agingShift;

  /** When the aging shift was last adjusted (MiLastAdjustmentOfClaimParams), simulated ns. */
  long agingShiftAdjustedAt;

  /** A fault had to replace a page of a working set at its limit since the last manager run. */
  boolean replaced;

  /** Standby pages repurposed since the last manager run. */
  long standbyReused;

  /** Processes whose fault found no page at all, waiting for the writer or the manager. */
  private final List<Proc> waiting = new ArrayList<>();

  Nt(Kernel k, WindowsOptions options, FaultInjection faults) {
    this.kernel = Objects.requireNonNull(k, "kernel is null");
    this.options = Objects.requireNonNull(options, "options is null");
    this.faults = Objects.requireNonNull(faults, "faults is null");
    machine = k.machine();
    memory = machine.memory();
    metrics = k.metrics();
    pagefile = k.swap();
    pageShift = machine.paging().pageShift();
    pageSize = memory.pageSize();
    long fullPages = FULL_SIZE_BYTES / pageSize;
    double scale =
        options.scaleToMachine() ? Math.min(1.0, (double) memory.usableFrames() / fullPages) : 1.0;
    wakeAvailable = scaled(options.wakeAvailablePages(), scale);
    plentyFree = scaled(options.plentyFreePages(), scale);
    long ramMb = (long) memory.frames() * pageSize >> 20;
    readCluster = ramMb <= 12 ? 2 : ramMb <= 19 ? 4 : 7; // MmReadClusterSize
    codeCluster = ramMb <= 12 ? 1 : ramMb <= 19 ? 2 : 7; // MmCodeClusterSize
    dataClusterAvailable = scaled(2 * FREE_GOAL_PAGES, scale);
    imageClusterAvailable = scaled(MAX_READ_CLUSTER + 16, scale);
    trimGoal = Math.max(plentyFree + 1, scaled(options.trimGoalPages(), scale));
    enormousFree = scaled(options.enormousFreePages(), scale);
    growthCheckAvailable = scaled(options.growthCheckAvailablePages(), scale);
    lastPassAvailable = scaled(options.lastPassAvailablePages(), scale);
    faultWait =
        options.faultWaitAvailablePages() == 0
            ? 0
            : Math.max(1, scaled(options.faultWaitAvailablePages(), scale));
    modifiedWriteThreshold = Math.max(1, scaled(options.modifiedWriteThreshold(), scale));
    modifiedLowThreshold = Math.max(1, scaled(options.modifiedLowThreshold(), scale));
    modifiedLowAvailable = scaled(options.modifiedLowAvailable(), scale);
    zeroThreadMinFree = Math.max(1, scaled(options.zeroThreadMinFree(), scale));
    commitReserve = scaled(options.commitReservePages(), scale);
    commitChargeReserve = Math.max(1, scaled(options.commitChargeReservePages(), scale));
    pagefileGrowth = Math.max(1, scaled(options.pagefileGrowthPages(), scale));
    systemCacheWsMinimum = scaled(options.systemCacheWsMinimum(), scale);

    faultsAll = metrics.register("windows.faults", "PageFaultCount: faults that added a page");
    faultsSoft =
        metrics.register("windows.faults.soft", "soft faults: page found on Standby or Modified");
    faultsHard =
        metrics.register("windows.faults.hard", "hard faults: read from the pagefile or a file");
    faultsDemandZero = metrics.register("windows.faults.demandZero", "demand-zero faults");
    faultWaits =
        metrics.register(
            "windows.faults.waits",
            "faults that waited for available pages (below faultWaitAvailablePages)");
    clusterPages =
        metrics.register(
            "windows.faults.clustered",
            "file pages a hard fault read along with its own, to Standby (read clustering)");
    wsTrimmed = metrics.register("windows.ws.trimmed", "pages trimmed from working sets");
    wsReplaced =
        metrics.register(
            "windows.ws.replaced", "pages a working set at its limit gave up for a new one");
    standbyRepurposed =
        metrics.register("windows.standby.repurposed", "Standby pages reused for other data");
    pagefileExtensions =
        metrics.register("windows.pagefile.extensions", "times the pagefile was extended");
    offerLost = metrics.register("windows.offer.lost", "offered pages repurposed before reclaim");
    bsmRuns = metrics.register("windows.bsm.runs", "balance set manager runs");
    pagesZeroed = metrics.register("windows.zeroed", "pages the zero page thread zeroed");
    wsAged = metrics.register("windows.ws.aged", "working-set entries aged (accessed bit tested)");
    agingShift = options.agingShift() > 0 ? options.agingShift() : bootAgingShift(memory);
  }

  /** A workstation of at most 257 MB of physical memory. */
  private static final long SMALL_WORKSTATION_BYTES = 257L << 20;

  /**
   * MiAdjustWorkingSetManagerParameters (WRK base/ntos/mm/wsmanage.c): MiAgingShift starts at 3 on
   * a workstation with at most 257 MB of physical memory, else at 5 (the model is a workstation).
   */
  static int bootAgingShift(PhysicalMemory memory) {
    return (long) memory.frames() * memory.pageSize() <= SMALL_WORKSTATION_BYTES ? 3 : 5;
  }

  /** MmFreeGoal (WRK base/ntos/mm/mminit.c). */
  private static final long FREE_GOAL_PAGES = 100;

  /** MM_MAXIMUM_READ_CLUSTER_SIZE (WRK base/ntos/mm/mi.h). */
  private static final long MAX_READ_CLUSTER = 15;

  private static long scaled(long pages, double scale) {
    return Math.round(pages * scale);
  }

  /** The system time in clock ticks ({@code clockTickUs}): KeQuerySystemTime's granularity. */
  long tick() {
    return kernel.now() / (options.clockTickUs() * 1_000L);
  }

  long vpn(long vaddr) {
    return vaddr >>> pageShift;
  }

  /** The process waits until pages come free (BLOCKED); woken by {@link #wakeWaiters}. */
  void waitForPages(Proc p) {
    kernel.block(p);
    if (!waiting.contains(p)) {
      waiting.add(p);
    }
  }

  /**
   * Available pages rose to {@code faultWaitAvailablePages} (the WRK's MmAvailablePagesEventHigh):
   * every waiting fault tries again, at once, in the middle of whatever freed the page.
   */
  void availableReachedHigh() {
    wakeWaiters();
  }

  /** Something came free or finished: every waiting fault tries again. */
  void wakeWaiters() {
    if (waiting.isEmpty()) {
      return; // every hard fault's completion calls this: no iterator when no one waits
    }
    for (Proc p : waiting) {
      if (p.alive()) {
        kernel.wake(p);
      }
    }
    waiting.clear();
  }

  Proc process(int pid) {
    return kernel.process(pid);
  }
}
