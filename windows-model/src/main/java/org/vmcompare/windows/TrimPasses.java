package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.PageTable;

/**
 * The working set manager's trim passes (the WRK's MiProcessWorkingSets, MiDetermineTrimAmount and
 * MiTrimWorkingSet in base/ntos/mm/wsmanage.c and wslist.c): how many pages each pass takes from
 * which working set, and which entries go. Taking one entry out is {@link WorkingSetManager#trim}.
 */
final class TrimPasses {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;

  /** The VPNs of the block of scan candidates being loaded ({@link #prefetchCandidates}). */
  private final long[] candidateVpns = new long[WorkingSetManager.AGING_BLOCK];

  TrimPasses(Nt nt, PageLists pfn, WorkingSetManager wsm) {
    this.nt = Objects.requireNonNull(nt, "nt is null");
    this.pfn = Objects.requireNonNull(pfn, "pfn is null");
    this.wsm = Objects.requireNonNull(wsm, "wsm is null");
  }

  /**
   * Trims as many pages as {@code goal} is above what is available now: passes 0-4 of SEMANTICS.md,
   * background processes first, largest claim first; with {@code desperate}, a last pass takes
   * pages of any age below the minimums too (a fault found no page at all). A trimmed dirty page
   * counts although it reaches Modified, not Available, until the modified page writer has written
   * it (the WRK decides how many pages to trim, then trims them); a desperate trim goes on while
   * nothing is available and nothing on Modified can be written. With {@code age}, pass 0 visits
   * every working set and ages each right after trimming it, as the WRK's MiProcessWorkingSets
   * calls MiAgeWorkingSet after MiTrimWorkingSet, with aging only in the first pass. With {@code
   * allPasses} (the WRK's TrimAllPasses, set when Standby reuse since the last run reached a
   * quarter of what is available), pass 0 trims every working set by its pass-0 amount however much
   * is available already, to move more cold pages to Standby. Returns pages trimmed.
   */
  long trimTo(List<WorkingSet> sets, long goal, boolean desperate, boolean age, boolean allPasses) {
    long need = goal - pfn.available();
    List<WorkingSet> order = new ArrayList<>(sets);
    order.sort(
        Comparator.comparing((WorkingSet w) -> w.foreground) // foreground last
            .thenComparingLong(w -> -claim(w))
            .thenComparingInt(w -> w.proc == null ? 0 : w.proc.pid()));
    long trimmed = 0;
    firstPassShort = false;
    for (int pass = 0; pass <= (desperate ? 5 : 4); pass++) {
      boolean aging = age && pass == 0; // pass 0 visits every working set, to age it
      boolean forced = allPasses && pass == 0; // TrimAllPasses > NumPasses
      if (!aging && !forced && enough(trimmed, need, desperate)) {
        break;
      }
      if (pass == 1) {
        firstPassShort = true; // MiCheckSystemTrimEndCriteria after pass 0: not enough yet
      }
      if (pass == 4 && pfn.available() >= nt.lastPassAvailable) {
        continue;
      }
      for (WorkingSet ws : order) {
        if (!forced && enough(trimmed, need, desperate)) {
          if (aging) {
            wsm.age(ws);
            continue;
          }
          break;
        }
        long claim = claim(ws);
        long quota;
        int minAge;
        switch (pass) {
          case 0 -> {
            quota = ws.foreground ? claim / 8 : claim / 2;
            minAge = 2;
          }
          case 1 -> {
            quota = ws.foreground ? claim / 8 : claim / 2;
            minAge = 1;
          }
          case 2 -> {
            quota = claim;
            minAge = 1;
          }
          case 3 -> {
            quota = ws.estimate;
            minAge = 1;
          }
          case 4 -> {
            quota = Math.max(1, (ws.size() - ws.minimum) / 4);
            minAge = 0;
          }
          default -> {
            quota = ws.size();
            minAge = 0;
          }
        }
        long floor = pass == 5 && !ws.hardMinimum ? 0 : ws.minimum;
        quota = Math.min(quota, ws.size() - floor);
        trimmed += trimSome(ws, quota, minAge, trimmed, forced ? Long.MAX_VALUE : need, desperate);
        if (aging) {
          wsm.age(ws);
        }
      }
    }
    return trimmed;
  }

  /** Whether the last {@link #trimTo}'s pass 0 left it short of what it needed. */
  boolean firstPassShort() {
    return firstPassShort;
  }

  private boolean firstPassShort;

  /** Claim: the pages of age >= 2, those the process has not used for two aging passes. */
  static long claim(WorkingSet ws) {
    return ws.atLeast(2);
  }

  private boolean enough(long trimmed, long need, boolean desperate) {
    if (trimmed < need) {
      return false;
    }
    return !desperate
        || pfn.available() > 0
        || pfn.size(PageLists.MODIFIED) > 0 && nt.pagefile.free() > 0;
  }

  private long trimSome(
      WorkingSet ws, long quota, int minAge, long before, long need, boolean desperate) {
    long done = 0;
    PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
    // MiTrimWorkingSet takes an entry of the pass's age only if its PTE's accessed bit is clear
    // (referenced since its last aging, it stays), and goes round the working set once at most
    long passed = 0;
    long candidates = minAge > 0 ? ws.atLeast(minAge) : 0;
    int ahead = 0;
    while (done < quota && ws.size() > 0 && !enough(before + done, need, desperate)) {
      int i = wsm.clockVictim(ws, minAge);
      if (i < 0) {
        break;
      }
      if (pt != null && --ahead <= 0) {
        ahead = prefetchCandidates(ws, pt, i, minAge);
      }
      if (minAge > 0 && WorkingSetManager.accessed(ws, pt, i)) {
        if (++passed >= candidates) {
          break;
        }
        ws.hand = i + 1 == ws.size() ? 0 : i + 1;
        continue;
      }
      wsm.trim(ws, i);
      done++;
    }
    wsm.settle();
    return done;
  }

  /**
   * A hint with no effect on what is trimmed: the PTEs of the next {@link
   * WorkingSetManager#AGING_BLOCK} entries of at least {@code minAge} from {@code from} on, loaded
   * together (their VPNs first, then the PTEs), so that the scan's tests of their accessed bits and
   * the trims' PTE updates find them in the cache instead of waiting for memory one entry at a
   * time. Trims move entries, so some of these loads may be for entries the scan never reaches.
   * Returns how many it loaded, at least one.
   */
  private int prefetchCandidates(WorkingSet ws, PageTable pt, int from, int minAge) {
    int size = ws.size();
    int k = 0;
    long travelled = 0;
    int i = from;
    while (k < WorkingSetManager.AGING_BLOCK) {
      int j = ws.nextAtLeast(i, minAge);
      if (j < 0) {
        break;
      }
      travelled += (j >= i ? j - i : j + size - i) + 1;
      if (travelled > size) {
        break;
      }
      candidateVpns[k++] = ws.vpn(j);
      i = j + 1 == size ? 0 : j + 1;
    }
    nt.machine.prefetchPtes(pt, candidateVpns, k);
    return Math.max(1, k);
  }
}
