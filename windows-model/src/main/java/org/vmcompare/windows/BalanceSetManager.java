package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.os.Proc;
import org.vmcompare.sim.EventQueue;

/**
 * The balance set manager: once a simulated second, and at once when a page is taken while
 * available memory is below {@code wakeAvailablePages}, it runs the working set manager. Aging
 * always; trimming when available is at or below MmPlentyFreePages, when a fault had to replace a
 * page, or when Standby reuse since the last run reached a quarter of what is available; never
 * above {@code ageOnlyAbovePages}. Then it wakes the modified page writer if it has work.
 */
final class BalanceSetManager {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final ModifiedPageWriter writer;
  private boolean earlyPending;

  /** The system-time tick of the last run that aged the working sets, or -1 before the first. */
  private long agedTick = -1;

  private final List<WorkingSet> systemSets = new ArrayList<>();

  BalanceSetManager(Nt nt, PageLists pfn, WorkingSetManager wsm, ModifiedPageWriter writer) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
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
   * One run: ages the working sets, unless a run in this tick of the system time already did, then
   * trims if memory calls for it. The WRK stamps each working set it processes with
   * KeQuerySystemTime and ages only in a trim round's first pass; a working set already stamped
   * with the current time is not aged again. Without that, a process faulting while the trimmed
   * pages wait on Modified wakes the manager after nearly every page, and each wake would age
   * thousands of entries whose accessed bits no reference could have set in between.
   */
  void run() {
    nt.metrics.increment(nt.bsmRuns);
    List<WorkingSet> sets = workingSets();
    long tick = nt.kernel.now() / (nt.options.clockTickUs() * 1_000L);
    if (tick != agedTick) {
      wsm.age(sets);
      agedTick = tick;
    }
    long available = pfn.available();
    boolean trim =
        available <= nt.plentyFree
            || nt.replaced
            || (nt.standbyReused > 0 && nt.standbyReused >= available / 4);
    if (trim && available <= nt.ageOnlyAbove) {
      wsm.trimTo(sets, nt.trimGoal, false);
    }
    nt.replaced = false;
    nt.standbyReused = 0;
    writer.maybeWake();
    nt.wakeWaiters();
  }

  /**
   * A fault found no page at all: trim now, below the minimums if need be. True if a page is
   * available after it.
   */
  boolean desperate() {
    wsm.trimTo(workingSets(), Math.max(1, nt.wakeAvailable), true);
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
