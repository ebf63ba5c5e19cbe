package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The working set expansion list (the WRK's MmWorkingSetExpansionHead): the order in which the
 * working set manager visits working sets. Who is trimmed first matters when the goal is met
 * partway through a pass: the working sets after that point keep their pages.
 *
 * <p>The system cache's working set is listed first (MiInitializeSystemCache) and each process's at
 * the tail when it is created (MiAllowWorkingSetExpansion). A pass takes each working set from the
 * head and puts it back at the tail, so a whole pass, aging or trimming, leaves the order as it
 * was; one that stops at a working set a forced trim stamped in its tick ({@link #visit}) leaves
 * the list turned by the ones it visited. Only a trimming round's start changes it:
 * MiRearrangeWorkingSetExpansionList sorts the list into claim buckets by pushing each working set
 * onto the head of its bucket, which, as the WRK's own comment says, reverses the order within a
 * bucket every time.
 */
final class ExpansionList {
  private final List<WorkingSet> order = new ArrayList<>();

  /**
   * The list now: the working sets that are no longer live leave it, and new ones join at the tail,
   * in the order given (the system's, then the processes' in the order they started).
   */
  List<WorkingSet> order(List<WorkingSet> live) {
    Set<WorkingSet> alive = identitySet(live);
    order.removeIf(ws -> !alive.contains(ws));
    Set<WorkingSet> listed = identitySet(order);
    for (WorkingSet ws : live) {
      if (!listed.contains(ws)) {
        order.add(ws);
      }
    }
    return List.copyOf(order);
  }

  /**
   * MiRearrangeWorkingSetExpansionList (WRK base/ntos/mm/wsmanage.c), at the start of a trimming
   * round: buckets by claim (above 400, 200, 100, 50 and 25 pages, then the rest), the foreground
   * processes last; each working set goes to the head of its bucket. Returns the new order.
   */
  List<WorkingSet> rearrange(List<WorkingSet> live) {
    List<List<WorkingSet>> buckets = new ArrayList<>();
    for (int b = 0; b < BUCKETS; b++) {
      buckets.add(new ArrayList<>());
    }
    for (WorkingSet ws : order(live)) {
      buckets.get(bucket(ws)).add(0, ws); // InsertHeadList
    }
    order.clear();
    for (List<WorkingSet> b : buckets) {
      order.addAll(b);
    }
    return List.copyOf(order);
  }

  /**
   * The working sets a pass visits in system-time tick {@code tick}, from the head of {@code order}
   * (the list as {@link #order} or {@link #rearrange} gave it): MiProcessWorkingSets takes each
   * from the head, stamps it with KeQuerySystemTime (LastTrimTime) and puts it back at the tail,
   * and ends the pass when the one at the head already bears the current time. So a pass in the
   * tick of the last one visits no one, and one that meets a working set a forced trim stamped in
   * this tick stops there, leaving the list turned by the ones it visited.
   */
  List<WorkingSet> visit(List<WorkingSet> order, long tick) {
    int n = 0;
    while (n < order.size() && order.get(n).lastTrimTick != tick) {
      WorkingSet ws = order.get(n);
      if (this.order.isEmpty() || this.order.get(0) != ws) {
        throw new IllegalStateException("a pass visited a working set not at the list's head");
      }
      ws.lastTrimTick = tick;
      this.order.remove(0);
      this.order.add(ws);
      n++;
    }
    return order.subList(0, n);
  }

  /** MM_WS_REORG_BUCKETS_MAX. */
  private static final int BUCKETS = 7;

  /** A working set's bucket in {@link #rearrange}: 0 is trimmed first, 6 (foreground) last. */
  static int bucket(WorkingSet ws) {
    if (ws.foreground) {
      return 6;
    }
    long claim = ws.claim;
    return claim > 400
        ? 0
        : claim > 200 ? 1 : claim > 100 ? 2 : claim > 50 ? 3 : claim > 25 ? 4 : 5;
  }

  private static Set<WorkingSet> identitySet(List<WorkingSet> sets) {
    Set<WorkingSet> s = Collections.newSetFromMap(new IdentityHashMap<>());
    s.addAll(sets);
    return s;
  }
}
