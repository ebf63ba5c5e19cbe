package org.vmcompare.hw;

import java.util.Arrays;

/**
 * A set-associative, ASID-tagged TLB with per-set LRU, in flat arrays.
 *
 * <p>Base and large pages live in separate arrays, as on real cores. Global entries (the kernel
 * half) match every ASID and survive {@link #flushNonGlobal()}. Lookups and fills allocate nothing.
 * Large-page keys are the VPN shifted to the large page's granularity; the level is kept in the
 * entry's tag beside the key so 2 MiB and 1 GiB entries never alias.
 */
public final class Tlb {
  /** ASID value of a global entry. */
  public static final int GLOBAL = -1;

  /** Ranges up to this many pages are invalidated page by page, longer ones by a bank scan. */
  public static final int RANGE_BY_PAGE = 32;

  private static final long INVALID = -1L;

  /** No tag: {@link Bank#pendingTag} when no fill is prepared (real tags are never negative). */
  private static final long NO_PENDING = -2L;

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

  /**
   * Whether the large-page banks hold any valid entry. While none does (no large page was mapped,
   * or every large entry was invalidated) the MMU and {@link #invalidatePage} skip them.
   */
  public boolean hasLargeEntries() {
    return large.live != 0;
  }

  /** Drops any entry translating vpn for asid (base or large). */
  public void invalidatePage(int asid, long vpn, PagingMode mode) {
    base.invalidate(asid, vpn, 0);
    if (large.live != 0) {
      for (int k = 0; k < mode.largeLevelCount(); k++) {
        int level = mode.largeLevel(k);
        large.invalidate(asid, vpn >>> mode.shiftOf(level), level);
      }
    }
  }

  /**
   * Drops every entry of asid that translates a VPN in [firstVpn, firstVpn + pages): base entries
   * in the range and large entries overlapping it. Up to {@link #RANGE_BY_PAGE} pages go page by
   * page; a longer range is one pass over the banks, so its cost is bounded by the TLB's size, not
   * the range's. Global entries are kept, as x86's INVLPG-by-range and flush_tlb_range keep them
   * only when asked. Counts no flush: like {@link #invalidatePage}, it is a targeted invalidation.
   */
  public void invalidateRange(int asid, long firstVpn, long pages, PagingMode mode) {
    if (pages <= RANGE_BY_PAGE) {
      for (long i = 0; i < pages; i++) {
        invalidatePage(asid, firstVpn + i, mode);
      }
      return;
    }
    long end = firstVpn + pages;
    base.invalidateRange(asid, firstVpn, end, 0);
    if (large.live != 0) {
      for (int i = 0; i < large.tags.length; i++) {
        long t = large.tags[i];
        if (t == INVALID || asidOf(t) != asid) {
          continue;
        }
        int shift = mode.shiftOf(levelOf(t));
        long first = keyOf(t) << shift;
        if (first < end && first + (1L << shift) > firstVpn) {
          large.drop(i);
        }
      }
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

  /**
   * Bytes of both banks' arrays, counted from their lengths (see {@link Machine#footprintBytes}).
   */
  public long footprintBytes() {
    return base.footprintBytes() + large.footprintBytes();
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

  /** Bits of a key (a VPN, or a VPN shifted to a large page's granularity) an entry can hold. */
  private static final int KEY_BITS = 36;

  private static final long KEY_MASK = (1L << KEY_BITS) - 1;

  /** Largest ASID an entry can hold (the tag keeps ASID + 1 in 26 bits; 0 is global). */
  private static final int MAX_ASID = (1 << 25) - 1;

  private static final int HINT_MASK = 4095;

  private static long keyOf(long tag) {
    return tag & KEY_MASK;
  }

  private static int levelOf(long tag) {
    return (int) (tag >>> KEY_BITS) & 3;
  }

  private static int asidOf(long tag) {
    return (int) (tag >>> (KEY_BITS + 2)) - 1;
  }

  private static final class Bank {
    final int ways;
    final int setMask;

    /**
     * Key, level and ASID of each entry packed in one word ({@link #tag}), or {@link #INVALID}: a
     * lookup, a fill and an invalidation compare one {@code long} per way, and the rarer scans by
     * ASID or range unpack it ({@link #keyOf}, {@link #levelOf}, {@link #asidOf}), so an entry is
     * three words (tag, PTE, LRU stamp) and a fill writes three arrays.
     */
    final long[] tags;

    final long[] ptes;
    final long[] stamps;

    /**
     * Per key (its low bits), the way it was last found or put in: most lookups need one compare.
     */
    final byte[] hints = new byte[HINT_MASK + 1];

    long tick;
    int live;
    int globals;

    /**
     * The tag the last {@link #find} missed, and the way {@link #insert} would fill for it, or
     * {@link #NO_PENDING}. A miss is nearly always followed by the fill of the same tag (the MMU
     * walks, then fills), and the miss has just read the whole set: it ranks the ways as it
     * compares them, so the fill needs no second pass. Anything that changes a tag or a stamp
     * forgets it, so a remembered way is always the one a fresh scan would choose.
     */
    long pendingTag = NO_PENDING;

    int pendingWay;

    Bank(int entries, int ways) {
      this.ways = ways;
      this.setMask = entries / ways - 1;
      this.ptes = new long[entries];
      this.stamps = new long[entries];
      this.tags = new long[entries];
      Arrays.fill(tags, INVALID);
    }

    /** key | level << 36 | (asid + 1) << 38: 0 in the ASID field is a global entry. */
    static long tag(int asid, long key, int level) {
      return key | ((long) level << KEY_BITS) | ((long) (asid + 1) << (KEY_BITS + 2));
    }

    /** Whether (asid, key, level) fits a tag; anything else matches no entry. */
    static boolean fits(int asid, long key, int level) {
      return (key >>> KEY_BITS) == 0 && asid >= GLOBAL && asid <= MAX_ASID && (level & ~3) == 0;
    }

    int find(int asid, long key, int level) {
      if ((key >>> KEY_BITS) != 0 || asid < GLOBAL || asid > MAX_ASID) {
        return -1; // no entry can hold it
      }
      long mine = tag(asid, key, level);
      int first = (int) (key & setMask) * ways;
      int end = first + ways;
      if (globals == 0) {
        // No global entry anywhere, so at most one entry can match: try the way this key was
        // last found in, then scan the set, one compare a way.
        int h = (int) key & HINT_MASK;
        int i = first + (hints[h] & 0xff); // a way offset below min(ways, 256)
        if (tags[i] == mine) {
          stamps[i] = ++tick;
          pendingTag = NO_PENDING;
          return i;
        }
        if (mine == pendingTag) {
          return -1; // it missed just now and nothing changed since (a fault's second translation)
        }
        // One pass: look for the tag, and rank the ways for the fill that follows a miss.
        int victim = first;
        long lowest = Long.MAX_VALUE;
        for (i = first; i < end; i++) {
          long t = tags[i];
          if (t == mine) {
            stamps[i] = ++tick;
            hints[h] = (byte) (i - first);
            pendingTag = NO_PENDING;
            return i;
          }
          long rank = t == INVALID ? Long.MIN_VALUE + (end - i) : stamps[i];
          if (rank < lowest) {
            victim = i;
            lowest = rank;
          }
        }
        pendingTag = mine;
        pendingWay = victim;
        return -1;
      }
      long global = tag(GLOBAL, key, level);
      pendingTag = NO_PENDING;
      for (int i = first; i < end; i++) {
        long t = tags[i];
        if (t == mine || t == global) {
          stamps[i] = ++tick;
          return i;
        }
      }
      return -1;
    }

    /**
     * Fills the entry for (asid, key, level): the way that already holds it, else the last empty
     * way of the set, else the least recently used one. Right after {@link #find} missed the same
     * tag, the way it ranked ({@link #pendingWay}).
     *
     * <p>The ranking: an empty way ranks below every stamp (the stamps of valid entries are
     * distinct and positive), a later empty way below an earlier one, so the lowest rank, first
     * found, is exactly the way the rules above name.
     */
    void insert(int asid, long key, int level, long pte) {
      if (!fits(asid, key, level)) {
        throw new IllegalArgumentException(
            "a TLB entry holds " + KEY_BITS + "-bit keys and ASIDs up to " + MAX_ASID);
      }
      long mine = tag(asid, key, level);
      int first = (int) (key & setMask) * ways;
      int victim;
      if (mine == pendingTag) {
        victim = pendingWay; // find scanned this set for it just now; nothing changed since
      } else {
        int end = first + ways;
        victim = first;
        long lowest = Long.MAX_VALUE;
        for (int i = first; i < end; i++) {
          long t = tags[i];
          if (t == mine) {
            victim = i;
            break;
          }
          long rank = t == INVALID ? Long.MIN_VALUE + (end - i) : stamps[i];
          if (rank < lowest) {
            victim = i;
            lowest = rank;
          }
        }
      }
      pendingTag = NO_PENDING;
      long old = tags[victim];
      if (old == INVALID) {
        live++;
      } else if (asidOf(old) == GLOBAL) {
        globals--;
      }
      if (asid == GLOBAL) {
        globals++;
      }
      tags[victim] = mine;
      hints[(int) key & HINT_MASK] = (byte) (victim - first);
      ptes[victim] = pte;
      stamps[victim] = ++tick;
    }

    void invalidate(int asid, long key, int level) {
      if (!fits(GLOBAL, key, level)) {
        return; // no entry can hold it
      }
      long global = tag(GLOBAL, key, level);
      long mine = asid >= GLOBAL && asid <= MAX_ASID ? tag(asid, key, level) : global;
      int first = (int) (key & setMask) * ways;
      int end = first + ways;
      if (globals == 0) {
        // Without global entries only this ASID's tag can match, in one way at most. Reclaim
        // scans invalidate pages whose entries left the TLB long ago: one compare a way.
        for (int i = first; i < end; i++) {
          if (tags[i] == mine) {
            drop(i);
            return;
          }
        }
        return;
      }
      for (int i = first; i < end; i++) {
        long t = tags[i];
        if (t == mine || t == global) {
          drop(i);
        }
      }
    }

    void invalidateRange(int asid, long from, long to, int level) {
      for (int i = 0; i < tags.length; i++) {
        long t = tags[i];
        if (t != INVALID
            && keyOf(t) >= from
            && keyOf(t) < to
            && levelOf(t) == level
            && asidOf(t) == asid) {
          drop(i);
        }
      }
    }

    void drop(int i) {
      pendingTag = NO_PENDING;
      if (asidOf(tags[i]) == GLOBAL) {
        globals--;
      }
      tags[i] = INVALID;
      live--;
    }

    /** asid MIN_VALUE means every non-global entry. */
    void invalidateAsid(int asid) {
      for (int i = 0; i < tags.length; i++) {
        long t = tags[i];
        if (t != INVALID
            && asidOf(t) != GLOBAL
            && (asid == Integer.MIN_VALUE || asidOf(t) == asid)) {
          drop(i);
        }
      }
    }

    long footprintBytes() {
      return Footprint.of(tags) + Footprint.of(ptes) + Footprint.of(stamps);
    }

    void clear() {
      pendingTag = NO_PENDING;
      Arrays.fill(tags, INVALID);
      live = 0;
      globals = 0;
    }
  }
}
