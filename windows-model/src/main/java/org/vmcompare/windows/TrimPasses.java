package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The working set manager's trim passes (the WRK's MiProcessWorkingSets, MiDetermineTrimAmount and
 * MiTrimWorkingSet in base/ntos/mm/wsmanage.c and wslist.c): how many pages each pass takes from
 * which working set, and which entries go. {@link BalanceSetManager} runs the passes of a round 10
 * ms apart; a fault that finds no page at all trims at once ({@link #desperate}). Taking one entry
 * out is {@link WorkingSetManager#trim}, and the scan that picks them is {@link TrimScan}'s.
 */
final class TrimPasses {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;

  TrimPasses(Nt nt, PageLists pfn, WorkingSetManager wsm) {
    this.nt = Objects.requireNonNull(nt, "nt is null");
    this.pfn = Objects.requireNonNull(pfn, "pfn is null");
    this.wsm = Objects.requireNonNull(wsm, "wsm is null");
  }

  /**
   * A fault found no page at all (the model's stand-in for the WRK's wait in
   * MiEnsureAvailablePageOrWait, see docs/models/windows.md): trims as many pages as {@code goal}
   * is above what is available now, at once, by passes 0-4 as a round would take them (a pass's
   * share of each working set, but only as many pages as are needed), then a last pass that takes
   * pages of any age below the soft minimums too. It goes on while nothing is available and nothing
   * on Modified can be written. Returns pages trimmed.
   */
  long desperate(List<WorkingSet> sets, long goal) {
    long need = goal - pfn.available();
    List<WorkingSet> order = new ArrayList<>(sets);
    order.sort(Comparator.comparingInt(ExpansionList::bucket)); // stable: list order within one
    long trimmed = 0;
    for (int pass = 0; pass <= 5 && !wsm.scan.enough(trimmed, need); pass++) {
      if (pass == 4 && pfn.available() >= nt.lastPassAvailable) {
        continue;
      }
      for (WorkingSet ws : order) {
        if (wsm.scan.enough(trimmed, need)) {
          break;
        }
        long quota;
        int minAge;
        if (pass < 4) {
          quota = share(ws, pass);
          minAge = trimAge(pass);
        } else if (pass == 4) {
          quota = Math.max(1, (ws.size() - ws.minimum) / 4);
          minAge = 0;
        } else {
          quota = ws.size();
          minAge = 0;
        }
        long floor = pass == 5 && !ws.hardMinimum ? 0 : ws.minimum;
        quota = Math.min(quota, ws.size() - floor);
        trimmed += wsm.scan.take(ws, quota, minAge, trimmed, need, true);
      }
    }
    return trimmed;
  }

  /**
   * One pass of a trimming round, the WRK's MiProcessWorkingSets with NumPasses = {@code pass}:
   * working sets in the expansion list's order ({@link ExpansionList}), and each is trimmed by its
   * whole share for the pass (MiDetermineTrimAmount) when what is available is still below {@code
   * goal} as the pass reaches it, or regardless in pass 0 after Standby churn ({@code allPasses}).
   * A dirty page trimmed reaches Available only once the modified page writer has written it, which
   * the round's wait between passes gives it time to do. With {@code age} (the caller's choice:
   * pass 0, or a pass 4 that takes pages of any age) each working set is aged right after its trim.
   * Pass 4 is the last: below {@code lastPassAvailablePages} it takes a quarter of what is above
   * the minimum, of any age (MI_PASS4_TRIM_AGE), else the estimate again as pass 3 does. Returns
   * pages trimmed.
   */
  long pass(List<WorkingSet> order, int pass, long goal, boolean age, boolean allPasses) {
    boolean forced = allPasses && pass == 0;
    boolean hard = pass >= 4 && pfn.available() < nt.lastPassAvailable;
    long trimmed = 0;
    for (WorkingSet ws : order) {
      if (forced || pfn.available() < goal) {
        long quota;
        int minAge;
        if (pass < 4) {
          quota = share(ws, pass);
          minAge = trimAge(pass);
        } else {
          long above = ws.size() - ws.minimum;
          quota = hard ? (above >> 2 == 0 ? above : above >> 2) : ws.estimate;
          minAge = hard ? 0 : trimAge(3);
        }
        quota = Math.min(quota, ws.size() - ws.minimum);
        if (quota > 0) {
          trimmed += wsm.scan.take(ws, quota, minAge, 0, Long.MAX_VALUE, false);
        }
      }
      wsm.aging.age(ws, age); // the claim and estimate are made anew after every visit
    }
    return trimmed;
  }

  /**
   * MiDetermineTrimAmount's share of a working set for passes 0-3: half the claim (an eighth for
   * the foreground process, MI_FOREGROUND_CLAIM_AVAILABLE_SHIFT) in passes 0 and 1, the claim in
   * pass 2, the estimate in pass 3.
   */
  private static long share(WorkingSet ws, int pass) {
    return switch (pass) {
      case 0, 1 -> ws.foreground ? claim(ws) >> 3 : claim(ws) >> 1;
      case 2 -> claim(ws);
      default -> ws.estimate;
    };
  }

  /** MI_PASS0_TRIM_AGE .. MI_PASS3_TRIM_AGE (WRK base/ntos/mm/mi.h): 2, then 1. */
  private static int trimAge(int pass) {
    return pass == 0 ? 2 : 1;
  }

  /** The WRK's Claim, as the last estimation left it ({@link WorkingSetAging#estimate}). */
  static long claim(WorkingSet ws) {
    return ws.claim;
  }
}
