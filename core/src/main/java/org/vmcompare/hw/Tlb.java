package org.vmcompare.hw;

import java.util.Arrays;

/**
 * A set-associative, ASID-tagged TLB with per-set LRU, in flat arrays.
 *
 * <p>Base and large pages live in separate arrays, as on real cores. Global entries (the kernel
 * half) match every ASID and survive {@link #flushNonGlobal()}. Lookups and fills allocate nothing.
 * Large-page keys are the VPN shifted to the large page's granularity; the level is kept beside the
 * key so 2 MiB and 1 GiB entries never alias.
 */
public final class Tlb {
  /** ASID value of a global entry. */
  public static final int GLOBAL = -1;

  private static final long INVALID = -1L;

  private final TlbConfig config;
  private final Bank base;
  private final Bank large;
  private long hits;
  private long misses;
  private long flushes;
  private long shootdowns;

  public Tlb(TlbConfig config) {
    this.config = config;
    this.base = new Bank(config.entries(), config.ways());
    this.large = new Bank(config.largeEntries(), config.largeWays());
  }

  public TlbConfig config() {
    return config;
  }

  /** Index of a base-page entry for (asid, vpn), or -1. Counts nothing. */
  public int lookup(int asid, long vpn) {
    return base.find(asid, vpn, 0);
  }

  /** The cached PTE of a base entry found by {@link #lookup}. */
  public long pte(int index) {
    return base.ptes[index];
  }

  public void updatePte(int index, long pte) {
    base.ptes[index] = pte;
  }

  /** Index of a large entry covering vpn at a level, or -1. */
  public int lookupLarge(int asid, long vpn, int shift, int level) {
    return large.find(asid, vpn >>> shift, level);
  }

  public long largePte(int index) {
    return large.ptes[index];
  }

  public void updateLargePte(int index, long pte) {
    large.ptes[index] = pte;
  }

  public void insert(int asid, long vpn, long pte) {
    base.insert((pte & Pte.GLOBAL) != 0 ? GLOBAL : asid, vpn, 0, pte);
  }

  public void insertLarge(int asid, long vpn, int shift, int level, long pte) {
    large.insert((pte & Pte.GLOBAL) != 0 ? GLOBAL : asid, vpn >>> shift, level, pte);
  }

  /** Drops any entry translating vpn for asid (base or large). */
  public void invalidatePage(int asid, long vpn, PagingMode mode) {
    base.invalidate(asid, vpn, 0);
    for (int k = 0; k < mode.largeLevelCount(); k++) {
      int level = mode.largeLevel(k);
      large.invalidate(asid, vpn >>> mode.shiftOf(level), level);
    }
  }

  /** Drops every non-global entry of one ASID (address space destroyed or ASID recycled). */
  public void invalidateAsid(int asid) {
    base.invalidateAsid(asid);
    large.invalidateAsid(asid);
    flushes++;
  }

  /** A context switch without ASID tagging: everything but global entries goes. */
  public void flushNonGlobal() {
    base.invalidateAsid(Integer.MIN_VALUE);
    large.invalidateAsid(Integer.MIN_VALUE);
    flushes++;
  }

  public void invalidateAll() {
    base.clear();
    large.clear();
    flushes++;
  }

  void countHit() {
    hits++;
  }

  void countMiss() {
    misses++;
  }

  /** Counts a shootdown a model performed itself (invalidations in several address spaces). */
  public void countShootdown() {
    shootdowns++;
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  public long flushes() {
    return flushes;
  }

  /** Invalidations of a page mapped by several address spaces (an IPI on a real SMP machine). */
  public long shootdowns() {
    return shootdowns;
  }

  private static final class Bank {
    final int ways;
    final int setMask;
    final long[] keys;
    final int[] asids;
    final int[] levels;
    final long[] ptes;
    final long[] stamps;
    long tick;

    Bank(int entries, int ways) {
      this.ways = ways;
      this.setMask = entries / ways - 1;
      this.keys = new long[entries];
      this.asids = new int[entries];
      this.levels = new int[entries];
      this.ptes = new long[entries];
      this.stamps = new long[entries];
      Arrays.fill(keys, INVALID);
    }

    int find(int asid, long key, int level) {
      int first = (int) (key & setMask) * ways;
      int end = first + ways;
      for (int i = first; i < end; i++) {
        if (keys[i] == key && levels[i] == level && (asids[i] == asid || asids[i] == GLOBAL)) {
          stamps[i] = ++tick;
          return i;
        }
      }
      return -1;
    }

    void insert(int asid, long key, int level, long pte) {
      int first = (int) (key & setMask) * ways;
      int end = first + ways;
      int victim = first;
      long oldest = Long.MAX_VALUE;
      for (int i = first; i < end; i++) {
        if (keys[i] == key && levels[i] == level && asids[i] == asid) {
          victim = i;
          break;
        }
        if (keys[i] == INVALID) {
          victim = i;
          oldest = Long.MIN_VALUE;
        } else if (stamps[i] < oldest) {
          victim = i;
          oldest = stamps[i];
        }
      }
      keys[victim] = key;
      asids[victim] = asid;
      levels[victim] = level;
      ptes[victim] = pte;
      stamps[victim] = ++tick;
    }

    void invalidate(int asid, long key, int level) {
      int first = (int) (key & setMask) * ways;
      int end = first + ways;
      for (int i = first; i < end; i++) {
        if (keys[i] == key && levels[i] == level && (asids[i] == asid || asids[i] == GLOBAL)) {
          keys[i] = INVALID;
        }
      }
    }

    /** asid MIN_VALUE means every non-global entry. */
    void invalidateAsid(int asid) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != INVALID
            && asids[i] != GLOBAL
            && (asid == Integer.MIN_VALUE || asids[i] == asid)) {
          keys[i] = INVALID;
        }
      }
    }

    void clear() {
      Arrays.fill(keys, INVALID);
    }
  }
}
