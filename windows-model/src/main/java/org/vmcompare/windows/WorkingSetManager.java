package org.vmcompare.windows;

import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;

/**
 * The working set manager: adds faulted pages to working sets (replacing one of the process's own
 * when it is at its maximum and memory is short, by the WRK's bounded search from NextSlot) and
 * takes entries out: a trimmed page becomes a transition PTE and goes to Standby (clean) or
 * Modified (dirty). Which pages the trim passes take is {@link TrimPasses}'s; aging and the
 * estimate are {@link WorkingSetAging}'s.
 */
final class WorkingSetManager {
  private final Nt nt;
  private final PageLists pfn;

  /** Entries aged, or trim candidates loaded, at a time (their PTEs loaded together). */
  static final int AGING_BLOCK = 64;

  /** Trims not yet in their process's metrics (see {@link #trimmedFrom}). */
  private Proc pendingProc;

  private long pendingEntries;
  private long pendingPrivate;

  /** MiAgeWorkingSet: aging and the claim's estimate. */
  final WorkingSetAging aging;

  /** MiTrimWorkingSet: the scan that takes entries out. */
  final TrimScan scan;

  WorkingSetManager(Nt nt, PageLists pfn) {
    this.nt = nt;
    this.pfn = pfn;
    this.aging = new WorkingSetAging(nt);
    this.scan = new TrimScan(nt, pfn, this);
  }

  /** A faulted page enters the process's working set (the PTE is already valid). */
  void add(Proc p, long vpn, int frame) {
    WorkingSet ws = WorkingSet.of(p);
    makeRoom(ws);
    p.metrics().add(WindowsMetrics.WORKING_SET, 1);
    if (pfn.section(frame)) {
      ws.add(vpn, -1);
      pfn.share(frame, ws.priority);
      return;
    }
    pfn.own(frame, p, vpn, ws.priority);
    ws.add(vpn, frame);
    ws.privatePages++;
    p.metrics().add(WindowsMetrics.PRIVATE_WS, 1);
  }

  /** A private page of the working set became a section page (fork's clone prototype took it). */
  void becameShared(Proc p, int frame) {
    WorkingSet ws = WorkingSet.of(p);
    ws.becameShared(frame);
    ws.privatePages--;
    p.metrics().add(WindowsMetrics.PRIVATE_WS, -1);
    pfn.share(frame, ws.priority);
  }

  /**
   * A section page enters the system cache's working set under {@code key} (no PTE): its share
   * count goes up, its priority becomes {@code priority} (the reading thread's).
   */
  void addSystem(WorkingSet ws, long key, int frame, int priority) {
    makeRoom(ws);
    ws.add(key, -1);
    pfn.share(frame, priority);
  }

  /**
   * MiDoReplacement (WRK base/ntos/mm/wslist.c). Below its minimum a working set always grows. At
   * or above it, it gives up a page for the new one, which then takes the given-up entry's slot
   * (the hole filled next, as the WRK reuses the freed WSLE): always at a hard maximum; otherwise,
   * whatever its size against its soft maximum, only while fewer than {@code
   * growthCheckAvailablePages} are available (MM_VERY_HIGH_LIMIT) and it grows too fast
   * (MI_WS_GROWING_TOO_FAST, WRK base/ntos/mm/mi.h): by more than 30 × available² / 4,096 + 1 pages
   * since its last estimate, or with none available. Otherwise it grows, and the growth counts
   * toward that rate.
   */
  private void makeRoom(WorkingSet ws) {
    if (ws.size() >= ws.minimum && ws.size() > 0) {
      if (ws.forceTrim) {
        forcedTrim(ws);
      }
      if (ws.hardMaximum && ws.size() >= ws.maximum) {
        replaceOne(ws);
        return;
      }
      if (pfn.available() < nt.growthCheckAvailable && growingTooFast(ws)) {
        replaceOne(ws);
        ws.forceTrim = true;
        return;
      }
    }
    ws.growthSinceEstimate++;
  }

  /**
   * MiDoReplacement's ForceTrim (WRK base/ntos/mm/wslist.c): the page after a refused growth first
   * trims the working set itself, half its claim of age 2 or more (an eighth for the foreground
   * process), or, with fewer than {@code lastPassAvailablePages} (MM_HIGH_LIMIT + 64) available, a
   * quarter of what is above its minimum, of any age; then ages it and makes its estimate anew,
   * which restarts its growth count.
   */
  private void forcedTrim(WorkingSet ws) {
    ws.forceTrim = false;
    long quota;
    int minAge;
    if (pfn.available() < nt.lastPassAvailable && ws.size() > ws.minimum) {
      quota = (ws.size() - ws.minimum) >> 2;
      minAge = 0;
    } else {
      quota = ws.claim >> (ws.foreground ? 3 : 1);
      minAge = 2;
    }
    quota = Math.min(quota, ws.size() - ws.minimum);
    if (quota > 0) {
      scan.take(ws, quota, minAge, 0, Long.MAX_VALUE, false);
      settle();
    }
    aging.age(ws, true);
    ws.lastTrimTick = nt.tick(); // KeQuerySystemTime (&WsInfo->LastTrimTime)
  }

  /** MI_WS_GROWING_TOO_FAST, with MmAvailablePages = 0 as MiDoReplacement adds it. */
  private boolean growingTooFast(WorkingSet ws) {
    long available = pfn.available();
    return available == 0
        || ws.growthSinceEstimate > WorkingSetAging.CLAIM_INCR * available * available / 4096 + 1;
  }

  /** Takes an entry out of the working set without trimming it (the caller frees the page). */
  void forget(Proc p, long vpn, int frame) {
    WorkingSet ws = WorkingSet.of(p);
    boolean section = pfn.section(frame);
    if (ws.remove(vpn, section ? -1 : frame)) {
      removed(p, ws, section);
    }
  }

  /**
   * Counts an entry trimmed from a process's working set; its metrics change at {@link #settle},
   * once for a run of trims (they only go down, so no peak is missed).
   */
  private void trimmedFrom(Proc p, WorkingSet ws, boolean section) {
    if (pendingProc != p) {
      settle();
      pendingProc = p;
    }
    pendingEntries++;
    if (!section) {
      ws.privatePages--;
      pendingPrivate++;
    }
  }

  /** Applies the trims' metric changes counted by {@link #trimmedFrom}. */
  void settle() {
    if (pendingProc == null) {
      return;
    }
    pendingProc.metrics().add(WindowsMetrics.WORKING_SET, -pendingEntries);
    if (pendingPrivate > 0) {
      pendingProc.metrics().add(WindowsMetrics.PRIVATE_WS, -pendingPrivate);
    }
    pendingProc = null;
    pendingEntries = 0;
    pendingPrivate = 0;
  }

  /** Counts an entry gone from a process's working set. */
  private static void removed(Proc p, WorkingSet ws, boolean section) {
    p.metrics().add(WindowsMetrics.WORKING_SET, -1);
    if (!section) {
      ws.privatePages--;
      p.metrics().add(WindowsMetrics.PRIVATE_WS, -1);
    }
  }

  /**
   * A working set at its limit gives up one page for the new one, as the WRK's
   * MiReplaceWorkingSetEntry (base/ntos/mm/wslist.c) chooses it: from NextSlot (the hand) on, the
   * oldest entry whose accessed bit is clear, taken at once when its age reaches {@code
   * immediateReplacementAge} (MI_IMMEDIATE_REPLACEMENT_AGE, 2 in base/ntos/mm/mi.h), else when the
   * search has passed more than {@code replacementSearch} entries (MM_WORKING_SET_LIST_SEARCH, 17
   * in mi.h: the WRK tests {@code NumberOfCandidates > MM_WORKING_SET_LIST_SEARCH} after looking at
   * an entry and counts it after, so it looks at up to 17 + 2 = 19); when every entry looked at was
   * accessed, the first one. The search reads accessed bits and clears none. NextSlot becomes the
   * taken index + 1, and the new page takes the taken entry's slot. Returns that slot.
   */
  private int replaceOne(WorkingSet ws) {
    int i = replacementVictim(ws);
    trim(ws, i);
    // the new entry takes slot i (the hole filled next), which the next search looks at last
    ws.hand = i + 1;
    settle();
    nt.replaced = true;
    nt.metrics.increment(nt.wsReplaced);
    return i;
  }

  /**
   * The entry MiReplaceWorkingSetEntry takes; a working set smaller than the search window is
   * looked at once round (the WRK then takes none and lets the caller replace at NextSlot or grow
   * the list; the model takes by the same rule as at the window's end, see docs/models/windows.md).
   */
  private int replacementVictim(WorkingSet ws) {
    int slots = ws.slots();
    int start = ws.nextValid(ws.hand % slots);
    long search = nt.options.replacementSearch();
    int immediate = nt.options.immediateReplacementAge();
    PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
    int oldest = start;
    int oldestAge = -1;
    int i = start;
    for (long candidates = 0; ; candidates++) {
      int age = ws.age(i);
      if (age > oldestAge && !accessed(ws, pt, i)) {
        oldestAge = age;
        oldest = i;
      }
      if (oldestAge >= immediate || candidates > search) {
        return oldest;
      }
      i = ws.nextValid(i + 1 == slots ? 0 : i + 1);
      if (i == start) {
        return oldest;
      }
    }
  }

  /** Entry {@code i}'s accessed bit, left as it is (the system cache's: its own record). */
  static boolean accessed(WorkingSet ws, PageTable pt, int i) {
    return accessedVpn(ws, pt, ws.vpn(i));
  }

  /** As {@link #accessed}, for an entry whose VPN (or key) the caller has at hand. */
  static boolean accessedVpn(WorkingSet ws, PageTable pt, long vpn) {
    return pt == null ? ws.system.accessed(vpn) : Pte.is(pt.get(vpn), Pte.ACCESSED);
  }

  /** Index of the next entry of at least {@code minAge} from the hand, or -1. */
  int clockVictim(WorkingSet ws, int minAge) {
    if (ws.atLeast(minAge) == 0) {
      return -1;
    }
    int i = ws.nextAtLeast(ws.hand % ws.slots(), minAge);
    if (i >= 0) {
      ws.hand = i;
    }
    return i;
  }

  /** Trims entry {@code i}: its PTE becomes a transition PTE, its frame goes to a list. */
  void trim(WorkingSet ws, int i) {
    Proc p = ws.proc;
    long vpn = ws.vpn(i);
    if (p == null) {
      ws.removeAt(i); // the system cache's: its page leaves at share count 0, as a view's does
      ws.system.trimmed(vpn);
      nt.metrics.increment(nt.wsTrimmed);
      return;
    }
    PageTable pt = p.space().pageTable();
    int frame = ws.privateFrame(i);
    if (frame < 0) {
      // the PTE points at the prototype PTE again; the page leaves RAM only at share count 0
      frame = (int) Pte.frame(pt.get(vpn));
      long old = nt.machine.replaceWithNotPresent(pt, vpn, 0);
      ws.removeAt(i);
      trimmedFrom(p, ws, true);
      pfn.unshare(frame, old);
      nt.metrics.increment(nt.wsTrimmed);
      return;
    }
    long old = nt.machine.replaceWithNotPresent(pt, vpn, Pte.notPresent(frame, Pte.SW_TRANSITION));
    boolean dirty = Pte.is(old, Pte.DIRTY) || nt.memory.hasFlag(frame, PhysicalMemory.F_DIRTY);
    ws.removeAt(i);
    trimmedFrom(p, ws, false);
    if (nt.faults.on(WindowsModuleProvider.LOSE_TRIMMED_PAGE)) {
      return; // planted: the frame reaches no list
    }
    pfn.park(frame, dirty);
    nt.metrics.increment(nt.wsTrimmed);
  }

  /** EmptyWorkingSet / SetProcessWorkingSetSize(-1, -1): every page leaves the working set. */
  long empty(WorkingSet ws) {
    long n = 0;
    for (int i = ws.slots() - 1; i >= 0; i--) {
      if (ws.valid(i)) {
        trim(ws, i);
        n++;
      }
    }
    settle();
    if (ws.proc != null) {
      ws.compactIfSparse();
    }
    return n;
  }
}
