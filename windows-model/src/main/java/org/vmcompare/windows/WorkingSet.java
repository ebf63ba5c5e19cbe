package org.vmcompare.windows;

import java.util.Arrays;
import org.vmcompare.os.Proc;
import org.vmcompare.state.StateKey;
import org.vmcompare.util.LongIntHashMap;

/**
 * A working set list: a process's valid pages, each with its own age from its PTE's accessed bit,
 * the WRK's two cursors (NextSlot, where trims and replacements go on from, and NextAgingSlot,
 * where aging does), and the limits from the process's options. The system cache's working set
 * belongs to no process and has no PTEs the model walks: its entries are keys of its own, and
 * {@link NoPtes} answers for them what a process's page table would. Entries sit in slots in no
 * particular order. Removing one leaves a hole, which the next entry added fills (the WRK's free
 * WSLE list in base/ntos/mm/wslist.c, last freed first: a replacement's new page takes the replaced
 * page's slot); the scans pass over holes. When the list has grown far past both the working set
 * and its maximum, a trim compacts it (MiRemoveWorkingSetPages).
 *
 * <p>An entry is an {@code int}: a private page's frame (its VPN is the reverse map's one record of
 * the frame, {@link PageLists#mappedVpn}, and the frame's {@link PageLists#wsEntry} is the entry's
 * index, since a private frame is in one working set at most), or, negative, a slot in a small pool
 * of VPNs (or keys) for section pages, which can be valid in several working sets and at several
 * VPNs of one, found through a hash map. That keeps a private page's entry at 5 bytes and its
 * lookup at one array read. Two bit sets mark the entries of age at least 1 and at least 2, so the
 * clock scan for a victim skips 64 entries a step.
 */
final class WorkingSet {
  static final StateKey<WorkingSet> KEY = StateKey.of("windows.workingSet", WorkingSet.class);

  /** What a working set without a process (the system cache's) does where PTEs would. */
  interface NoPtes {
    /** The entry's accessed bit, cleared: whether it was referenced since the last aging. */
    boolean testAndClearAccessed(long key);

    /** The entry's accessed bit, left set: what a replacement's search reads (it clears none). */
    boolean accessed(long key);

    /** The frame the entry holds, or -1 (a bug the audit reports). */
    int frame(long key);

    /** The entry has left the working set (trimmed): its page goes where a trimmed page goes. */
    void trimmed(long key);
  }

  /** The process, or null for the system cache. */
  final Proc proc;

  /** The system cache's entries, or null for a process. */
  final NoPtes system;

  final long minimum;
  final long maximum;
  final int priority;
  private final PageLists pfn;
  private int[] entries = new int[64];
  private byte[] ages = new byte[64];
  private long[] ageAtLeast1 = new long[1];
  private long[] ageAtLeast2 = new long[1];

  /** The slots that hold an entry (the others are holes). */
  private long[] valid = new long[1];

  /** Entries (the WRK's WorkingSetSize). */
  private int size;

  /** Slots in use, entries and holes (the WRK's LastEntry + 1). */
  private int last;

  /**
   * The hole filled next, or -1; each hole holds the next as {@code Integer.MIN_VALUE + next + 1}.
   */
  private int firstFree = -1;

  private final int[] atAge = new int[8];

  /** Section pages' (or the system cache's keys') VPNs, by pool slot; free slots chained. */
  private long[] shared = new long[0];

  private int sharedFree = -1;
  private int sharedUsed;

  /** Entry index of each section page's VPN (or key). */
  private final LongIntHashMap sharedIndex = new LongIntHashMap(16);

  /** NextSlot: where trimming and a replacement's search go on from. */
  int hand;

  /** NextAgingSlot: where the next aging goes on from (MiAgeWorkingSet's own cursor). */
  int agingSlot;

  /** QUOTA_LIMITS_HARDWS_MAX_ENABLE: growth past the maximum always replaces a page. */
  final boolean hardMaximum;

  /** QUOTA_LIMITS_HARDWS_MIN_ENABLE: never trimmed below the minimum, even when desperate. */
  final boolean hardMinimum;

  /** The foreground process: trimmed last, and gently in pass 0. */
  final boolean foreground;

  /**
   * The WRK's EstimatedAvailable: the unused pages MiAgeWorkingSet's last sample extrapolates to
   * ({@link WorkingSetAging#estimate}).
   */
  long estimate;

  /**
   * The WRK's Claim: what the working set manager believes it can take, the estimate but growing by
   * at most MI_CLAIM_INCR (30) pages an estimation.
   */
  long claim;

  /** Where the next estimation sample starts (the WRK's NextEstimationSlot). */
  int nextEstimationSlot;

  /**
   * GrowthSinceLastEstimate: pages the working set grew by since its last estimate, for
   * MI_WS_GROWING_TOO_FAST ({@link WorkingSetManager}).
   */
  long growthSinceEstimate;

  /**
   * ForceTrim: a replacement refused this working set growth, so its next page trims it first
   * ({@link WorkingSetManager}).
   */
  boolean forceTrim;

  /**
   * LastTrimTime: the system-time tick in which the working set manager last visited this working
   * set, or a forced trim trimmed it (-1: never); a pass ends at a working set stamped in its tick.
   */
  long lastTrimTick = -1;

  /**
   * The process's soft fault waited for available pages: once the wait is over it is delayed 10 ms
   * more before it faults again (MmAccessFault's delay after STATUS_NO_MEMORY).
   */
  boolean waitedForPages;

  /** The process's fault is waiting for available pages (counted once; AvailableWait). */
  boolean waitingForPage;

  /** Private (not shared) pages among the entries. */
  long privatePages;

  WorkingSet(Proc proc, PageLists pfn) {
    this.proc = proc;
    this.system = null;
    this.pfn = pfn;
    this.minimum = proc.options().pages("workingSetMin");
    this.maximum = proc.options().pages("workingSetMax");
    this.priority = (int) proc.options().integer("memoryPriority");
    this.hardMaximum = proc.options().string("hardWorkingSetMax").equals("true");
    this.hardMinimum = proc.options().string("hardWorkingSetMin").equals("true");
    this.foreground = proc.options().string("foreground").equals("true");
  }

  /** A working set of no process: the system cache's, with its own limits and page priority. */
  WorkingSet(NoPtes system, long minimum, long maximum, boolean hardMaximum, int priority) {
    this.proc = null;
    this.system = system;
    this.pfn = null;
    this.minimum = minimum;
    this.maximum = maximum;
    this.priority = priority;
    this.hardMaximum = hardMaximum;
    this.hardMinimum = false;
    this.foreground = false;
  }

  /** Who owns it, for messages. */
  String owner() {
    return proc == null ? "the system cache" : proc.toString();
  }

  static WorkingSet of(Proc p) {
    return p.modelState().require(KEY);
  }

  int size() {
    return size;
  }

  /** Slots in use, entries and holes: scans run over {@code 0 .. slots() - 1}. */
  int slots() {
    return last;
  }

  /** Whether slot {@code i} holds an entry. */
  boolean valid(int i) {
    return (valid[i >>> 6] & (1L << i)) != 0;
  }

  /** The first slot holding an entry from {@code from} on, wrapping around, or -1 when empty. */
  int nextValid(int from) {
    if (size == 0) {
      return -1;
    }
    int i = nextSetBit(valid, from, last);
    return i >= 0 ? i : nextSetBit(valid, 0, from);
  }

  /** The entry's VPN (the system cache's: its key). */
  long vpn(int i) {
    int e = entries[i];
    return e >= 0 ? pfn.mappedVpn(e) : shared[-1 - e];
  }

  /** The entry's frame if it is a private page's, else -1 (look at the PTE). */
  int privateFrame(int i) {
    return Math.max(-1, entries[i]);
  }

  int age(int i) {
    return ages[i];
  }

  void setAge(int i, int age) {
    atAge[ages[i]]--;
    atAge[age]++;
    ages[i] = (byte) age;
    mark(i, age);
  }

  /** Entries of at least {@code age}, counted as ages change (no scan). */
  long atLeast(int age) {
    long n = 0;
    for (int a = age; a < atAge.length; a++) {
      n += atAge[a];
    }
    return n;
  }

  /**
   * The first entry of at least {@code minAge} from {@code from} on, wrapping around to the start,
   * or -1 when there is none.
   */
  int nextAtLeast(int from, int minAge) {
    if (minAge <= 0) {
      return nextValid(from);
    }
    if (minAge > 2) {
      for (int n = 0; n < last; n++) {
        int i = from + n < last ? from + n : from + n - last;
        if (ages[i] >= minAge && valid(i)) {
          return i;
        }
      }
      return -1;
    }
    long[] bits = minAge == 1 ? ageAtLeast1 : ageAtLeast2;
    int i = nextSetBit(bits, from, last);
    return i >= 0 ? i : nextSetBit(bits, 0, from);
  }

  private static int nextSetBit(long[] bits, int from, int end) {
    if (from >= end) {
      return -1;
    }
    int w = from >>> 6;
    long word = bits[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(word);
        return i < end ? i : -1;
      }
      if (++w << 6 >= end) {
        return -1;
      }
      word = bits[w];
    }
  }

  private void mark(int i, int age) {
    int w = i >>> 6;
    long bit = 1L << i;
    ageAtLeast1[w] = age >= 1 ? ageAtLeast1[w] | bit : ageAtLeast1[w] & ~bit;
    ageAtLeast2[w] = age >= 2 ? ageAtLeast2[w] | bit : ageAtLeast2[w] & ~bit;
  }

  /** Whether a section page's VPN (or the system cache's key) has an entry. */
  boolean contains(long vpn) {
    return sharedIndex.containsKey(vpn);
  }

  /**
   * Adds an entry: a private page's, whose frame's owner VPN is {@code vpn} already, when {@code
   * privateFrame} >= 0; a section page's (or a key) otherwise.
   */
  void add(long vpn, int privateFrame) {
    int i;
    if (firstFree >= 0) {
      i = firstFree;
      firstFree = entries[i] - Integer.MIN_VALUE - 1;
    } else {
      if (last == entries.length) {
        // grown by an eighth, not doubled: a working set's arrays are most of its memory
        int capacity = last + Math.max(64, last >>> 3);
        entries = Arrays.copyOf(entries, capacity);
        ages = Arrays.copyOf(ages, capacity);
        int words = (capacity + 63) >>> 6;
        ageAtLeast1 = Arrays.copyOf(ageAtLeast1, words);
        ageAtLeast2 = Arrays.copyOf(ageAtLeast2, words);
        valid = Arrays.copyOf(valid, words);
      }
      i = last++;
    }
    size++;
    valid[i >>> 6] |= 1L << i;
    if (privateFrame >= 0) {
      entries[i] = privateFrame;
      pfn.setWsEntry(privateFrame, i);
    } else {
      entries[i] = -1 - allocShared(vpn);
      sharedIndex.put(vpn, i);
    }
    ages[i] = 0;
    mark(i, 0);
    atAge[0]++;
  }

  /**
   * Removes the entry of a VPN, a private page's when {@code privateFrame} >= 0 (its frame), a
   * section page's or key's otherwise; false when it had none.
   */
  boolean remove(long vpn, int privateFrame) {
    int i;
    if (privateFrame >= 0) {
      i = pfn.wsEntry(privateFrame);
      if (i < 0 || i >= last || !valid(i) || entries[i] != privateFrame) {
        return false;
      }
    } else {
      i = sharedIndex.get(vpn);
      if (i < 0) {
        return false;
      }
    }
    removeAt(i);
    return true;
  }

  /** Removes entry {@code i}: its slot becomes the hole filled next. */
  void removeAt(int i) {
    int e = entries[i];
    if (e >= 0) {
      pfn.setWsEntry(e, -1);
    } else {
      sharedIndex.remove(shared[-1 - e]);
      freeShared(-1 - e);
    }
    atAge[ages[i]]--;
    size--;
    mark(i, 0);
    ages[i] = 0;
    valid[i >>> 6] &= ~(1L << i);
    entries[i] = Integer.MIN_VALUE + firstFree + 1;
    firstFree = i;
  }

  /**
   * MiTrimWorkingSet's contraction: when the slots in use exceed both the working set and its
   * maximum by more than 15 + 512 (a page of WSLEs), MiRemoveWorkingSetPages moves the last entries
   * into the first holes until none is left. The hand stays where it was, or goes to the start when
   * that slot is gone.
   */
  void compactIfSparse() {
    long slack = 15 + 512;
    if (size + slack >= last || maximum + slack >= last) {
      return;
    }
    int free = 0;
    int from = last - 1;
    while (true) {
      while (free < from && valid(free)) {
        free++;
      }
      while (from > free && !valid(from)) {
        from--;
      }
      if (free >= from) {
        break;
      }
      entries[free] = entries[from];
      ages[free] = ages[from];
      valid[free >>> 6] |= 1L << free;
      mark(free, ages[free]);
      placed(free);
      valid[from >>> 6] &= ~(1L << from);
      mark(from, 0);
      ages[from] = 0;
      from--;
    }
    last = size;
    firstFree = -1;
    if (hand >= last) {
      hand = 0;
    }
    if (agingSlot >= last) {
      agingSlot = 0;
    }
  }

  /** Points the entry at slot {@code i}'s lookup (its frame's or its VPN's) at {@code i}. */
  private void placed(int i) {
    int e = entries[i];
    if (e >= 0) {
      pfn.setWsEntry(e, i);
    } else {
      sharedIndex.put(shared[-1 - e], i);
    }
  }

  /**
   * A private page's entry becomes a section page's (fork's clone took the page): the same entry,
   * now found by its VPN.
   */
  void becameShared(int frame) {
    int i = pfn.wsEntry(frame);
    if (i < 0 || i >= last || !valid(i) || entries[i] != frame) {
      return;
    }
    long vpn = pfn.mappedVpn(frame); // still valid in this one PTE: fork write-protects it later
    pfn.setWsEntry(frame, -1);
    entries[i] = -1 - allocShared(vpn);
    sharedIndex.put(vpn, i);
  }

  private int allocShared(long vpn) {
    int s = sharedFree;
    if (s >= 0) {
      sharedFree = (int) shared[s];
    } else {
      if (sharedUsed == shared.length) {
        shared = Arrays.copyOf(shared, Math.max(16, sharedUsed * 2));
      }
      s = sharedUsed++;
    }
    shared[s] = vpn;
    return s;
  }

  private void freeShared(int s) {
    shared[s] = sharedFree;
    sharedFree = s;
  }
}
