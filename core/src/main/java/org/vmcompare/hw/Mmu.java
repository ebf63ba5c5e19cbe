package org.vmcompare.hw;

/**
 * Translates virtual addresses the way the hardware does: TLB, then a page walk that sets the
 * accessed (and on writes the dirty) bit, then a fault the OS must resolve.
 *
 * <p>{@link #translate} is the hot path: it returns the frame number, or {@code -FaultKind.code()}
 * on a fault, and allocates nothing. It holds only the TLB hit, decided by one bit test, so that
 * the JIT inlines it into the caller's reference loop; the miss, the fault checks and the first
 * write through a clean entry live in methods of their own.
 *
 * <p>Like x86, the accessed bit is set only by a walk: the one that fills the TLB, or the locked
 * walk of the first write through a clean entry. An OS that clears accessed bits without
 * invalidating the TLB entry (Linux's page aging does so on purpose) will not see the page
 * referenced again until the entry leaves the TLB; {@link Machine#testAndClearAccessed(int,
 * boolean)} offers both. The large-page banks are probed only while they hold an entry ({@link
 * Tlb#hasLargeEntries()}), so a machine without large pages pays nothing for them.
 */
public final class Mmu {
  private final Tlb tlb;
  private final Clock clock;
  private final CostModel costs;
  private final PagingMode mode;
  private final int pageShift;
  private final long vaMask;
  private final long hitNs;
  private final int[] largeLevels;
  private final int[] largeShifts;
  private final long[] largeMasks;
  private final int levels;
  private long walks;
  private long walkLevels;
  private int currentAsid;
  private long prefetchSink;

  public Mmu(Tlb tlb, Clock clock, CostModel costs, PagingMode mode) {
    this.tlb = tlb;
    this.clock = clock;
    this.costs = costs;
    this.mode = mode;
    this.pageShift = mode.pageShift();
    this.vaMask = mode.vpnOf(-1L) << pageShift | ((1L << pageShift) - 1);
    this.hitNs = costs.tlbHitNs();
    this.largeLevels = mode.largeLevels();
    this.levels = mode.levels();
    this.largeShifts = new int[largeLevels.length];
    this.largeMasks = new long[largeLevels.length];
    for (int i = 0; i < largeLevels.length; i++) {
      largeShifts[i] = mode.shiftOf(largeLevels[i]);
      largeMasks[i] = (1L << largeShifts[i]) - 1;
    }
  }

  /**
   * Translates one user reference. Every call counts as one TLB hit or one miss (so hits + misses =
   * references) and is charged the hit cost or the walk; a protection fault raised from a cached
   * entry counts as a hit, as the lookup did hit.
   *
   * @return the frame number (>= 0), or minus a {@link FaultKind} code
   */
  public long translate(PageTable pt, long vaddr, int access) {
    final long vpn = (vaddr & vaMask) >>> pageShift;
    final int asid = pt.asid();
    final int i = tlb.lookup(asid, vpn);
    if (i < 0) {
      return translateMiss(pt, vpn, asid, access);
    }
    final long pte = tlb.pte(i);
    tlb.countHit();
    clock.advance(hitNs);
    // The common case in one test: user page, and for a write a writable page already dirty.
    final long need = access == Access.WRITE ? Pte.USER | Pte.WRITABLE | Pte.DIRTY : Pte.USER;
    final long forbid = access == Access.EXECUTE ? Pte.NO_EXECUTE : 0;
    if ((pte & need) == need && (pte & forbid) == 0) {
      return Pte.frame(pte);
    }
    return hitSlowPath(pt, vpn, i, pte, access);
  }

  /**
   * A hint with no simulated effect: loads, into the host's caches, the PTEs that references {@code
   * vaddrs[from..to)} will need if they miss the TLB (bit 63, the engine's write flag, is ignored),
   * so a reference loop that calls it some references ahead finds them there instead of waiting for
   * memory one reference at a time. Only leaf tables in the page table's host-side cache are read;
   * nothing is walked, counted, charged or changed.
   */
  public void prefetch(PageTable pt, long[] vaddrs, int from, int to) {
    PageTables pool = pt.pool();
    long sum = 0;
    for (int i = from; i < to; i += PREFETCH_BLOCK) {
      // First where each entry is (cached data), then the loads, in a loop so short that all of
      // them are in flight together.
      int n = Math.min(PREFETCH_BLOCK, to - i);
      int k = 0;
      for (int j = 0; j < n; j++) {
        long a = pt.peekAddress((vaddrs[i + j] & vaMask) >>> pageShift);
        if (a >= 0) {
          prefetchAddresses[k++] = a;
        }
      }
      for (int j = 0; j < k; j++) {
        sum += pool.entryAt(prefetchAddresses[j]);
      }
    }
    prefetchSink += sum;
  }

  /**
   * As {@link #prefetch(PageTable, long[], int, int)}, and also collects into {@code absent} the
   * VPN of each reference whose PTE, as loaded, is not present: the references that will fault
   * unless something maps them first, so that the caller can have the OS model load what its fault
   * handler will read for them ({@code OsPersonality.prefetchFault}). Returns how many were
   * collected (at most {@code to - from}; {@code absent} must hold that many). Nothing is walked,
   * counted, charged or changed. {@code absentPtes} receives each one's PTE as loaded.
   */
  public int prefetch(
      PageTable pt, long[] vaddrs, int from, int to, long[] absent, long[] absentPtes) {
    PageTables pool = pt.pool();
    long sum = 0;
    int found = 0;
    for (int i = from; i < to; i += PREFETCH_BLOCK) {
      int n = Math.min(PREFETCH_BLOCK, to - i);
      int k = 0;
      for (int j = 0; j < n; j++) {
        long vpn = (vaddrs[i + j] & vaMask) >>> pageShift;
        long a = pt.peekAddress(vpn);
        if (a >= 0) {
          prefetchVpns[k] = vpn;
          prefetchAddresses[k++] = a;
        }
      }
      for (int j = 0; j < k; j++) {
        long e = pool.entryAt(prefetchAddresses[j]);
        sum += e;
        if (!Pte.present(e)) {
          absentPtes[found] = e;
          absent[found++] = prefetchVpns[j];
        }
      }
    }
    prefetchSink += sum;
    return found;
  }

  private static final int PREFETCH_BLOCK = 64;
  private final long[] prefetchAddresses = new long[PREFETCH_BLOCK];
  private final long[] prefetchVpns = new long[PREFETCH_BLOCK];

  /** A TLB hit that faults, or the first write through a clean entry. */
  private long hitSlowPath(PageTable pt, long vpn, int i, long pte, int access) {
    long fault = check(pte, access);
    if (fault != 0) {
      return fault;
    }
    if (access == Access.WRITE && (pte & Pte.DIRTY) == 0) {
      // The CPU sets the dirty bit in memory with a locked walk the first time it writes; that
      // walk uses the entry, so it sets the accessed bit too if an OS cleared it meanwhile.
      pt.orBits(vpn, Pte.DIRTY | Pte.ACCESSED);
      tlb.updatePte(i, pte | Pte.DIRTY | Pte.ACCESSED);
      chargeWalk(levels);
    }
    return Pte.frame(pte);
  }

  /** The base-page TLB missed: the large banks (if they hold anything), then a walk. */
  private long translateMiss(PageTable pt, long vpn, int asid, int access) {
    if (tlb.hasLargeEntries()) {
      for (int k = 0; k < largeLevels.length; k++) {
        int j = tlb.lookupLarge(asid, vpn, largeShifts[k], largeLevels[k]);
        if (j >= 0) {
          long pte = tlb.largePte(j);
          tlb.countHit();
          clock.advance(hitNs);
          long fault = check(pte, access);
          if (fault != 0) {
            return fault;
          }
          if (access == Access.WRITE && (pte & Pte.DIRTY) == 0) {
            pt.orBits(vpn, Pte.DIRTY | Pte.ACCESSED);
            tlb.updateLargePte(j, pte | Pte.DIRTY | Pte.ACCESSED);
            chargeWalk(levels - largeLevels[k]);
          }
          return Pte.frame(pte) + (vpn & largeMasks[k]);
        }
      }
    }
    tlb.countMiss();
    long pte = pt.walk(vpn);
    chargeWalk(pt.lastWalkLevels());
    if ((pte & Pte.PRESENT) == 0) {
      return -FaultKind.NOT_PRESENT.code();
    }
    long fault = check(pte, access);
    if (fault != 0) {
      return fault;
    }
    long set = access == Access.WRITE ? Pte.ACCESSED | Pte.DIRTY : Pte.ACCESSED;
    if ((pte & set) != set) {
      pte |= set;
      pt.orBitsAtLastWalk(set);
    }
    int level = pt.lastLeafLevel();
    if (level == 0) {
      tlb.insert(asid, vpn, pte);
      return Pte.frame(pte);
    }
    int shift = mode.shiftOf(level);
    tlb.insertLarge(asid, vpn, shift, level, pte);
    return Pte.frame(pte) + (vpn & ((1L << shift) - 1));
  }

  private static long check(long pte, int access) {
    if ((pte & Pte.USER) == 0) {
      return -FaultKind.SUPERVISOR.code();
    }
    if (access == Access.WRITE && (pte & Pte.WRITABLE) == 0) {
      return (pte & Pte.SW_COW) != 0
          ? -FaultKind.COPY_ON_WRITE.code()
          : -FaultKind.WRITE_PROTECT.code();
    }
    if (access == Access.EXECUTE && (pte & Pte.NO_EXECUTE) != 0) {
      return -FaultKind.NO_EXECUTE.code();
    }
    return 0;
  }

  private void chargeWalk(int levels) {
    walks++;
    walkLevels += levels;
    clock.advance(costs.walkLevelNs() * levels);
  }

  /**
   * Switches the CPU to an address space; without ASID tagging the TLB loses non-global entries.
   */
  public void switchTo(int asid) {
    if (asid != currentAsid) {
      if (!tlb.config().asidTagged() && currentAsid != 0) {
        tlb.flushNonGlobal();
      }
      currentAsid = asid;
    }
  }

  /** The ASID the CPU last switched to (0 before the first switch). */
  public int currentAsid() {
    return currentAsid;
  }

  public long walks() {
    return walks;
  }

  public long walkLevels() {
    return walkLevels;
  }

  public Tlb tlb() {
    return tlb;
  }
}
