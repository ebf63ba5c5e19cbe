package org.vmcompare.windows;

import java.util.Arrays;
import java.util.List;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;

/**
 * The working set manager: adds faulted pages to working sets (replacing one of the process's own
 * when it is at its maximum and memory is short, by the WRK's bounded search from NextSlot), ages
 * each entry from its own PTE's accessed bit, and takes entries out: a trimmed page becomes a
 * transition PTE and goes to Standby (clean) or Modified (dirty). Which pages the trim passes take
 * is {@link TrimPasses}'s.
 */
final class WorkingSetManager {
  private final Nt nt;
  private final PageLists pfn;

  /** Entries aged, or trim candidates loaded, at a time (their PTEs loaded together). */
  static final int AGING_BLOCK = 64;

  /** The VPNs of the block of entries being aged, and their slots. */
  private final long[] agingVpns = new long[AGING_BLOCK];

  private final int[] agingSlots = new int[AGING_BLOCK];

  /** Trims not yet in their process's metrics (see {@link #trimmedFrom}). */
  private Proc pendingProc;

  private long pendingEntries;
  private long pendingPrivate;

  WorkingSetManager(Nt nt, PageLists pfn) {
    this.nt = nt;
    this.pfn = pfn;
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
   * At its maximum while memory is short, a working set gives up a page for the new one, which then
   * takes the given-up entry's slot (the hole filled next, as the WRK reuses the freed WSLE).
   */
  private void makeRoom(WorkingSet ws) {
    if (ws.size() >= ws.maximum
        && ws.size() > 0
        && (ws.hardMaximum || pfn.available() < nt.growthCheckAvailable)) {
      replaceOne(ws);
    }
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
    long vpn = ws.vpn(i);
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

  /** MiAgeWorkingSet with DoAging on every working set: a slice aged, then a new estimate. */
  void age(List<WorkingSet> sets) {
    for (WorkingSet ws : sets) {
      age(ws, true);
    }
  }

  /**
   * MiAgeWorkingSet (WRK base/ntos/mm/wsmanage.c): with {@code doAging} a slice of the working set
   * is aged, and then, always, its claim and estimate are made anew ({@link #estimate}).
   */
  void age(WorkingSet ws, boolean doAging) {
    if (doAging) {
      ageSlice(ws);
    }
    estimate(ws);
  }

  /** One aging pass over a slice of one working set. */
  private void ageSlice(WorkingSet ws) {
    int maxAge = nt.options.maxAge();
    int size = ws.size();
    if (size == 0) {
      return;
    }
    long slice = Math.min(nt.options.agingMaxEntries(), Math.max(1, size >> nt.agingShift));
    PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
    int slots = ws.slots();
    int i = ws.nextValid(ws.hand % slots);
    for (long n = 0; n < slice; n += AGING_BLOCK) {
      // a block's VPNs first, then their PTEs loaded together (the entries are in no VPN order,
      // so each PTE would otherwise be a wait for memory of its own), then the tests; holes are
      // passed over (MI_NEXT_VALID_AGING_SLOT)
      int block = (int) Math.min(AGING_BLOCK, slice - n);
      for (int j = 0; j < block; j++) {
        agingSlots[j] = i;
        agingVpns[j] = ws.vpn(i);
        i = ws.nextValid(i + 1 == slots ? 0 : i + 1);
      }
      if (pt != null) {
        nt.machine.prefetchPtes(pt, agingVpns, block);
      }
      for (int j = 0; j < block; j++) {
        i = agingSlots[j];
        boolean accessed =
            pt == null
                ? ws.system.testAndClearAccessed(agingVpns[j])
                : nt.machine.testAndClearAccessed(pt, agingVpns[j], true);
        if (accessed) {
          ws.setAge(i, 0);
        } else if (ws.age(i) < maxAge) {
          ws.setAge(i, ws.age(i) + 1);
        }
        ws.hand = i + 1 == slots ? 0 : i + 1;
      }
      i = ws.nextValid(ws.hand);
    }
    nt.metrics.add(nt.wsAged, slice);
  }

  /** MI_MAXIMUM_SAMPLE and MI_MINIMUM_SAMPLE (WRK base/ntos/mm/wsmanage.c). */
  private static final int MAX_SAMPLE = 8192;

  private static final int MIN_SAMPLE = 64;

  /** MI_CLAIM_INCR (WRK base/ntos/mm/mi.h): how far the claim may grow an estimation. */
  static final long CLAIM_INCR = 30;

  private final int[] sampleSlots = new int[AGING_BLOCK];
  private final long[] sampleVpns = new long[AGING_BLOCK];
  private final long[] sampledAges = new long[8];

  /**
   * MiAgeWorkingSet's estimation: a sample of (working-set size >> MiEstimationShift) entries,
   * MiEstimationShift being the aging shift + 1, at least 64 and at most 8,192 (with the WRK's
   * counter shifts for both bounds, MI_MINIMUM_SAMPLE_SHIFT 7 included), taken with a stride of
   * 2^MiEstimationShift slots from NextEstimationSlot so that it is independent of aging and
   * trimming (MI_NEXT_VALID_ESTIMATION_SLOT). The entries whose accessed bit is clear are counted
   * by age; the estimate is those of age >= 1, shifted back up to the working set's size
   * (MI_CALCULATE_USAGE_ESTIMATE), and the claim becomes min(claim + 30, estimate). Reads accessed
   * bits, clears none.
   */
  void estimate(WorkingSet ws) {
    int size = ws.size();
    Arrays.fill(sampledAges, 0);
    if (size > 0) {
      int shift = nt.agingShift + 1;
      int toExamine = size >> shift;
      int sampleSize = size;
      int counterShift = 0;
      if (toExamine > MAX_SAMPLE) {
        toExamine = MAX_SAMPLE;
        sampleSize = MAX_SAMPLE;
        counterShift = bitLength(size >> 7);
      } else if (toExamine >= MIN_SAMPLE) {
        sampleSize = toExamine;
        counterShift = shift;
      } else if (size > MIN_SAMPLE) {
        sampleSize = MIN_SAMPLE;
        counterShift = bitLength(size >> 7);
      }
      sample(ws, sampleSize, toExamine, 1 << shift);
      long unused = 0;
      for (int a = 1; a < sampledAges.length; a++) {
        unused += sampledAges[a];
      }
      ws.estimate = unused << counterShift;
    } else {
      ws.estimate = 0;
    }
    ws.claim = Math.min(ws.claim + CLAIM_INCR, ws.estimate);
  }

  private static int bitLength(int v) {
    return 32 - Integer.numberOfLeadingZeros(v);
  }

  /** Counts by age the unaccessed entries of the sample, walking it as the WRK does. */
  private void sample(WorkingSet ws, int sampleSize, int toExamine, int stride) {
    PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
    int last = ws.slots() - 1;
    int cur = ws.nextEstimationSlot;
    if (cur > last) {
      cur = 0;
    }
    int start = 0;
    if (!ws.valid(cur)) {
      long walk = nextEstimationSlot(ws, cur, start, last, stride);
      cur = (int) walk;
      start = (int) (walk >>> 32);
    }
    for (int i = 0; i < sampleSize; i += AGING_BLOCK) {
      int block = Math.min(AGING_BLOCK, sampleSize - i);
      for (int j = 0; j < block; j++) {
        sampleSlots[j] = cur;
        sampleVpns[j] = ws.vpn(cur);
        if (i + j == toExamine - 1) {
          ws.nextEstimationSlot = cur + 1; // start here next time
        }
        long walk = nextEstimationSlot(ws, cur, start, last, stride);
        cur = (int) walk;
        start = (int) (walk >>> 32);
      }
      if (pt != null) {
        nt.machine.prefetchPtes(pt, sampleVpns, block);
      }
      for (int j = 0; j < block; j++) {
        if (!accessed(ws, pt, sampleSlots[j])) {
          sampledAges[ws.age(sampleSlots[j])]++;
        }
      }
    }
  }

  /**
   * MI_NEXT_VALID_ESTIMATION_SLOT: a stride on from {@code cur}; past the last slot, the walk
   * starts again at the slot after where it last started. Returns the slot in the low 32 bits and
   * the new start in the high ones.
   */
  private static long nextEstimationSlot(WorkingSet ws, int cur, int start, int last, int stride) {
    do {
      cur += stride;
      if (cur > last) {
        start++;
        cur = start;
      }
      if (cur > last) {
        start = 0;
        cur = 0;
      }
    } while (!ws.valid(cur));
    return ((long) start << 32) | cur;
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
