package org.vmcompare.hw;

/**
 * Translates virtual addresses the way the hardware does: TLB, then a page walk that sets the
 * accessed (and on writes the dirty) bit, then a fault the OS must resolve.
 *
 * <p>{@link #translate} is the hot path: it returns the frame number, or {@code -FaultKind.code()}
 * on a fault, and allocates nothing. Like x86, the accessed bit is set only when a walk fills the
 * TLB, so an OS that clears accessed bits must also invalidate the TLB entry ({@link
 * Machine#testAndClearAccessed} does) or it will not see the next reference.
 */
public final class Mmu {
  private final Tlb tlb;
  private final Clock clock;
  private final CostModel costs;
  private final PagingMode mode;
  private final int pageShift;
  private final int[] largeLevels;
  private final int[] largeShifts;
  private final long[] largeMasks;
  private final int levels;
  private long walks;
  private long walkLevels;
  private int currentAsid;

  public Mmu(Tlb tlb, Clock clock, CostModel costs, PagingMode mode) {
    this.tlb = tlb;
    this.clock = clock;
    this.costs = costs;
    this.mode = mode;
    this.pageShift = mode.pageShift();
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
    final long vpn = mode.vpnOf(vaddr);
    final int asid = pt.asid();
    int i = tlb.lookup(asid, vpn);
    if (i >= 0) {
      long pte = tlb.pte(i);
      tlb.countHit();
      clock.advance(costs.tlbHitNs());
      long fault = check(pte, access);
      if (fault != 0) {
        return fault;
      }
      if (access == Access.WRITE && (pte & Pte.DIRTY) == 0) {
        // The CPU sets the dirty bit in memory with a locked walk the first time it writes.
        pt.orBits(vpn, Pte.DIRTY);
        tlb.updatePte(i, pte | Pte.DIRTY);
        chargeWalk(levels);
      }
      return Pte.frame(pte);
    }
    for (int k = 0; k < largeLevels.length; k++) {
      int j = tlb.lookupLarge(asid, vpn, largeShifts[k], largeLevels[k]);
      if (j >= 0) {
        long pte = tlb.largePte(j);
        tlb.countHit();
        clock.advance(costs.tlbHitNs());
        long fault = check(pte, access);
        if (fault != 0) {
          return fault;
        }
        if (access == Access.WRITE && (pte & Pte.DIRTY) == 0) {
          pt.orBits(vpn, Pte.DIRTY);
          tlb.updateLargePte(j, pte | Pte.DIRTY);
          chargeWalk(levels - largeLevels[k]);
        }
        return Pte.frame(pte) + (vpn & largeMasks[k]);
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
