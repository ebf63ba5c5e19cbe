package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.os.Proc;
import org.vmcompare.sim.EventQueue;

/**
 * The balance set manager: once a simulated second, and at once when a page is taken while
 * available memory is below {@code wakeAvailablePages}, it runs the working set manager, as the
 * WRK's MiComputeSystemTrimCriteria decides: it trims when available is at or below
 * MmPlentyFreePages, when a fault had to replace a page, or when Standby reuse since the last run
 * reached a quarter of what is available (aging each working set right after its first-pass trim);
 * else it only ages, while fewer than MM_ENORMOUS_LIMIT ({@code enormousFreePages}) pages are
 * available; above that it does nothing. Aging happens once a tick at most. Then it adjusts the
 * aging rate ({@link #adjustAgingShift}) and wakes the modified page writer if it has work.
 */
final class BalanceSetManager {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final TrimPasses passes;
  private final ModifiedPageWriter writer;
  private boolean earlyPending;

  /** The system-time tick of the last run that aged the working sets, or -1 before the first. */
  private long agedTick = -1;

  private final List<WorkingSet> systemSets = new ArrayList<>();

  BalanceSetManager(Nt nt, PageLists pfn, WorkingSetManager wsm, ModifiedPageWriter writer) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
    this.passes = new TrimPasses(nt, pfn, wsm);
    this.writer = writer;
  }

  /** A working set of no process (the system cache's) that the manager ages and trims too. */
  void addSystemWorkingSet(WorkingSet ws) {
    systemSets.add(ws);
  }

  void start() {
    schedule();
  }

  private void schedule() {
    nt.kernel
        .events()
        .after(
            nt.options.balanceSetPeriodMs() * 1_000_000L,
            EventQueue.PRIORITY_DAEMON,
            "balance-set-manager",
            () -> {
              run();
              schedule();
            });
  }

  /** Called after a page was taken: wakes the manager now when memory is low. */
  void pageTaken() {
    if (!earlyPending && pfn.available() < nt.wakeAvailable && anyWorkingSet()) {
      earlyPending = true;
      nt.kernel
          .events()
          .at(
              nt.kernel.now(),
              EventQueue.PRIORITY_DAEMON,
              "balance-set-manager",
              () -> {
                earlyPending = false;
                run();
              });
    }
    writer.maybeWake();
  }

  /**
   * One run: trims if memory calls for it, aging each working set right after its first-pass trim,
   * or else only ages (below {@code enormousFreePages} available); either way it ages only if no
   * run in this tick of the system time already did. The WRK stamps each working set it processes
   * with KeQuerySystemTime and ages only in a trim round's first pass (MiAgeWorkingSet after
   * MiTrimWorkingSet); a working set already stamped with the current time is not aged again.
   * Without that, a process faulting while the trimmed pages wait on Modified wakes the manager
   * after nearly every page, and each wake would age thousands of entries whose accessed bits no
   * reference could have set in between.
   */
  void run() {
    nt.metrics.increment(nt.bsmRuns);
    List<WorkingSet> sets = workingSets();
    long tick = nt.kernel.now() / (nt.options.clockTickUs() * 1_000L);
    boolean age = tick != agedTick;
    long available = pfn.available();
    boolean standbyChurn = nt.standbyReused > 0 && nt.standbyReused >= available / 4;
    boolean trim = available <= nt.plentyFree || nt.replaced || standbyChurn;
    if (trim) {
      passes.trimTo(sets, nt.trimGoal, false, age, standbyChurn);
      if (age) {
        agedTick = tick;
      }
      if (passes.firstPassShort()) {
        adjustAgingShift(false, sets);
      }
    } else if (available < nt.enormousFree) {
      if (age) {
        wsm.age(sets);
        agedTick = tick;
      }
      adjustAgingShift(true, sets);
    }
    nt.replaced = false;
    nt.standbyReused = 0;
    writer.maybeWake();
    nt.wakeWaiters();
  }

  /** MiClaimAdjustmentThreshold (WRK base/ntos/mm/wsmanage.c), pages, by aging shift. */
  private static final long[] CLAIM_ADJUSTMENT_THRESHOLD = {
    0, 0, 4000, 8000, 12000, 24000, 32000, 32000
  };

  /** MmClaimParameterAdjustUpTime: 60 s between two rises of the shift. */
  private static final long ADJUST_UP_NS = 60_000_000_000L;

  /** MmClaimParameterAdjustDownTime: 2 s between two falls. */
  private static final long ADJUST_DOWN_NS = 2_000_000_000L;

  /**
   * MiAdjustClaimParameters (WRK base/ntos/mm/wsmanage.c), after a run that only aged ({@code
   * enoughPages}) or a trim whose first pass fell short: while the working sets' claim (each claim
   * halved, an eighth for the foreground process, as the WRK sums MmTotalClaim) plus what is
   * available is above the threshold of the current shift, the shift rises by one, at most every 60
   * s and up to 7 (a slower sweep: 1/128 of each working set a run); when it is below the threshold
   * of the shift under it, or a trim fell short, it falls by one, at most every 2 s and not below 3
   * (1/8). The WRK's thresholds are absolute page counts (16 to 128 MB of 4 KiB pages) and are not
   * scaled.
   */
  void adjustAgingShift(boolean enoughPages, List<WorkingSet> sets) {
    if (!nt.options.adjustAgingShift()) {
      return;
    }
    long now = nt.kernel.now();
    long plenty = totalClaim(sets) + pfn.available();
    int shift = nt.agingShift;
    if (enoughPages && plenty > CLAIM_ADJUSTMENT_THRESHOLD[shift]) {
      if (now - nt.agingShiftAdjustedAt > ADJUST_UP_NS && shift < 7) {
        nt.agingShiftAdjustedAt = now;
        nt.agingShift = shift + 1;
      }
    } else if (!enoughPages || plenty < CLAIM_ADJUSTMENT_THRESHOLD[shift - 1]) {
      if (now - nt.agingShiftAdjustedAt > ADJUST_DOWN_NS) {
        nt.agingShiftAdjustedAt = now; // set even at 3, so a rise waits a minute after this
        if (shift > 3) {
          nt.agingShift = shift - 1;
        }
      }
    }
  }

  private static long totalClaim(List<WorkingSet> sets) {
    long total = 0;
    for (WorkingSet ws : sets) {
      total += TrimPasses.claim(ws) >> (ws.foreground ? 3 : 1);
    }
    return total;
  }

  /**
   * A fault found no page at all: trim now, below the minimums if need be. True if a page is
   * available after it.
   */
  boolean desperate() {
    passes.trimTo(workingSets(), Math.max(1, nt.wakeAvailable), true, false, false);
    return pfn.available() > 0;
  }

  private boolean anyWorkingSet() {
    for (WorkingSet ws : systemSets) {
      if (ws.size() > 0) {
        return true;
      }
    }
    for (Proc p : nt.kernel.processes()) {
      if (p.alive() && p.modelState().get(WorkingSet.KEY) != null) {
        return true;
      }
    }
    return false;
  }

  /** The system's working sets, then every live process's. */
  List<WorkingSet> workingSets() {
    List<WorkingSet> sets = new ArrayList<>(systemSets);
    for (Proc p : nt.kernel.processes()) {
      WorkingSet ws = p.alive() ? p.modelState().get(WorkingSet.KEY) : null;
      if (ws != null) {
        sets.add(ws);
      }
    }
    return sets;
  }
}
