package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;
import org.vmcompare.sim.EventQueue;

/**
 * The balance set manager: once a simulated second, and at once when a page is taken while
 * available memory is below {@code wakeAvailablePages}, it runs the working set manager, as the
 * WRK's MiComputeSystemTrimCriteria decides: it trims when available is at or below
 * MmPlentyFreePages, when a fault had to replace a page, or when Standby reuse since the last run
 * reached a quarter of what is available, in passes at least 10 ms apart until more than the goal
 * is available (aging each working set right after its first-pass trim); else it only ages, while
 * fewer than MM_ENORMOUS_LIMIT ({@code enormousFreePages}) pages are available; above that it does
 * nothing. It visits the working sets once a tick of the system time at most. Then it adjusts the
 * aging rate ({@link #adjustAgingShift}) and wakes the modified page writer if it has work.
 */
final class BalanceSetManager {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final TrimPasses passes;
  private final ModifiedPageWriter writer;
  private boolean earlyPending;

  private final List<WorkingSet> systemSets = new ArrayList<>();
  private final ExpansionList expansion = new ExpansionList();

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
    if (pfn.available() < nt.wakeAvailable) {
      if (roundPass >= 0) {
        wokenDuringRound = true; // the manager waits between two passes: it runs again after
      } else if (anyWorkingSet()) {
        wakeNow();
      }
    }
    writer.maybeWake();
  }

  /** Sets the manager's event: a run now, unless one is already due. */
  private void wakeNow() {
    if (earlyPending) {
      return;
    }
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

  /**
   * One run, the WRK's MiComputeSystemTrimCriteria: a trimming round ({@link #trimPass}) if memory
   * calls for it, else an aging of every working set (below {@code enormousFreePages} available).
   * Either visits the working sets from the head of the list up to the first one already visited in
   * this tick of the system time ({@link ExpansionList#visit}): the WRK stamps each working set it
   * processes with KeQuerySystemTime and ends a pass when the list's head bears the current time,
   * so a round that begins in the tick of the last run skips its pass 0 (neither trims nor ages)
   * and goes on after the wait. Without that, a process faulting while the trimmed pages wait on
   * Modified wakes the manager after nearly every round, and each wake would age thousands of
   * entries whose accessed bits no reference could have set in between. A run that falls due while
   * a round waits between passes does nothing: the manager is busy.
   */
  void run() {
    if (roundPass >= 0) {
      // the working set manager waits between two trim passes: a periodic run is skipped, and a
      // low-memory wake runs again when the round ends (endRound)
      return;
    }
    nt.metrics.increment(nt.bsmRuns);
    List<WorkingSet> sets = expansion.order(workingSets());
    long available = pfn.available();
    boolean standbyChurn = nt.standbyReused > 0 && nt.standbyReused >= available / 4;
    boolean trim = available <= nt.plentyFree || nt.replaced || standbyChurn;
    nt.replaced = false;
    nt.standbyReused = 0;
    if (trim) {
      roundPass = 0;
      roundAllPasses = standbyChurn;
      trimPass(expansion.rearrange(workingSets()));
    } else if (available < nt.enormousFree) {
      wsm.aging.age(expansion.visit(sets, nt.tick()));
      adjustAgingShift(true, sets);
    }
    writer.maybeWake();
    nt.wakeWaiters();
  }

  private long tickNs() {
    return nt.options.clockTickUs() * 1_000L;
  }

  /** The pass of the trimming round under way ({@link #trimPass}), or -1 between rounds. */
  private int roundPass = -1;

  private boolean roundAllPasses;

  /** MmShortTime: the working set manager's wait between two trim passes, 10 ms. */
  static final long PASS_WAIT_NS = 10_000_000L;

  /**
   * Pass {@link #roundPass} of a trimming round, then MiCheckSystemTrimEndCriteria (WRK
   * base/ntos/mm/wsmanage.c): the round ends when more than the goal is available or after pass 4;
   * otherwise the manager waits 10 ms "to let the modified writes catch up" while the processes go
   * on, until the first clock interrupt after them (a 15.6 ms tick: the next pass), and when the
   * goal is still not met it runs the next pass (after pass 0, lowering the aging rate as
   * MiAdjustClaimParameters(FALSE) does). Wakes meanwhile find it busy.
   */
  private void trimPass(List<WorkingSet> sets) {
    boolean hard = roundPass >= 4 && pfn.available() < nt.lastPassAvailable;
    List<WorkingSet> visit = expansion.visit(sets, nt.tick());
    if (!visit.isEmpty()) {
      boolean age = roundPass == 0 || hard; // DoAging: passes 0 and a hard 4
      passes.pass(visit, roundPass, nt.trimGoal, age, roundAllPasses);
    }
    if (pfn.available() > nt.trimGoal || roundPass >= 4) {
      endRound();
      return;
    }
    // KeDelayExecutionThread(MmShortTime): the wait ends at the first clock interrupt at or
    // after 10 ms from now, so the next pass always finds a new system time
    long wake = nt.kernel.now() + PASS_WAIT_NS;
    long due = (wake + tickNs() - 1) / tickNs() * tickNs();
    nt.kernel
        .events()
        .at(
            due,
            EventQueue.PRIORITY_DAEMON,
            "working-set-manager",
            () -> {
              List<WorkingSet> now = expansion.order(workingSets());
              if (pfn.available() > nt.trimGoal) {
                endRound();
              } else {
                if (roundPass == 0) {
                  adjustAgingShift(false, now);
                }
                roundPass++;
                trimPass(now);
              }
              writer.maybeWake();
              nt.wakeWaiters();
            });
  }

  /**
   * The round is over. A page taken below {@code wakeAvailablePages} while it waited set the
   * manager's event, so it runs again at once, as the WRK's balance set manager finds its event set
   * when MmWorkingSetManager returns.
   */
  private void endRound() {
    roundPass = -1;
    if (wokenDuringRound) {
      wokenDuringRound = false;
      wakeNow();
    }
  }

  private boolean wokenDuringRound;

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
    passes.desperate(expansion.order(workingSets()), Math.max(1, nt.wakeAvailable));
    return pfn.available() > 0;
  }

  /**
   * How a run ends when {@code p}, {@code doing} something, finds no page and nothing can be
   * trimmed or written: when hard working-set minimums hold pages, as Windows stops (the WRK's
   * MiEnsureAvailablePageOrWait waits for a page that cannot come, then bugchecks), the
   * experiment's own choice as Linux's panic with every process at oomScoreAdj -1000; otherwise a
   * model error, {@code why} saying what should have prevented it.
   */
  RunFailure noPageCanCome(Proc p, String doing, String why) {
    String held = heldByHardMinimums();
    if (!held.isEmpty()) {
      return new RunFailure(
          "windows: "
              + p
              + " "
              + doing
              + " with no page available: hard working-set minimums (hardWorkingSetMin) hold "
              + held
              + " and nothing else can be trimmed or written (a full pagefile, say); Windows"
              + " waits for a page and stops with bugcheck 0x4D NO_PAGES_AVAILABLE",
          true);
    }
    return new RunFailure(
        "windows: "
            + p
            + " "
            + doing
            + " with no page available and nothing to trim or write"
            + (why.isEmpty() ? "" : "; " + why),
        false);
  }

  /**
   * The working sets that hold pages only because their minimum is hard (hardWorkingSetMin), as
   * "writer[100] 50 pages", or an empty string: what keeps the last desperate pass from freeing a
   * page when nothing else can.
   */
  private String heldByHardMinimums() {
    StringBuilder sb = new StringBuilder();
    for (Proc p : nt.kernel.processes()) {
      WorkingSet ws = p.alive() ? p.modelState().get(WorkingSet.KEY) : null;
      if (ws != null && ws.hardMinimum && ws.size() > 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(p).append(' ').append(ws.size());
        sb.append(" pages");
      }
    }
    return sb.toString();
  }

  /** Pages the working sets hold above their minimums: what the runs could trim. */
  long pagesAboveMinimum() {
    long above = 0;
    for (WorkingSet ws : systemSets) {
      above += Math.max(0, ws.size() - ws.minimum);
    }
    for (Proc p : nt.kernel.processes()) {
      WorkingSet ws = p.alive() ? p.modelState().get(WorkingSet.KEY) : null;
      if (ws != null) {
        above += Math.max(0, ws.size() - ws.minimum);
      }
    }
    return above;
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

  /**
   * The system's working sets, then every live process's, in the order they started (the manager
   * visits them in its {@link ExpansionList}'s order).
   */
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
