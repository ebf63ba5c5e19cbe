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

  /**
   * One bank: sets of {@code ways} entries in flat arrays, entry {@code set * ways + w}.
   *
   * <p>Each set keeps its valid entries in a doubly linked list in recency order ({@link #prev},
   * {@link #next}, {@link #head} the least recently used end, {@link #tail} the most recent), and
   * its empty ways as bits ({@link #empty}). A hit moves its way to the tail; the way a fill takes
   * is the empty way with the highest number if there is one, else the head. So a miss needs no
   * pass over the set to rank its ways, only the compare of each tag that proves the miss.
   */
  private static final class Bank {
    final int ways;
    final int setMask;

    /**
     * Key, level and ASID of each entry packed in one word ({@link #tag}), or {@link #INVALID}: a
     * lookup, a fill and an invalidation compare one {@code long} per way, and the rarer scans by
     * ASID or range unpack it ({@link #keyOf}, {@link #levelOf}, {@link #asidOf}).
     */
    final long[] tags;

    final long[] ptes;

    /**
     * The neighbours of each valid entry in its set's recency list (entry indexes, -1 at the ends);
     * empty ways are on no list.
     */
    final int[] prev;

    final int[] next;

    /** Per set: the least recently used valid entry (-1 when none), and the most recently used. */
    final int[] head;

    final int[] tail;

    /**
     * Per set, {@link #emptyWords} words with a bit per empty way: a fill takes the
     * highest-numbered one (the rule the LRU stamps had) with one leading-zeros count, and a drop
     * sets its bit, instead of keeping the empty ways in order at the head of the recency list,
     * which a drop had to walk to insert its way in place.
     */
    final long[] empty;

    final int emptyWords;

    /**
     * Per key (its low bits), the way it was last found or put in: most lookups need one compare.
     */
    final byte[] hints = new byte[HINT_MASK + 1];

    /**
     * Per set, a one-word filter of the keys it may hold: a fill sets the bit of its key ({@link
     * #filterBit}) and nothing clears one until an invalidation finds its key absent and recomputes
     * the set's word from its tags. An invalidation whose bit is clear returns at once: a reclaim
     * scan invalidates page after page whose entries left the TLB long ago, and the twelve compares
     * each of those cost, in instructions between the scan's memory loads, limited how many of
     * those loads the CPU kept in flight (measured: one invalidation of an absent key cost about 70
     * ns among scattered loads). A lookup whose bit is clear misses without scanning the set, as
     * 57-71% of the misses that reach the scan do on the zipf traces of docs/performance.md. It
     * never changes which entries a TLB holds.
     */
    final long[] filter;

    final int setBits;

    int live;
    int globals;

    /**
     * The tag the last {@link #find} proved absent, or {@link #NO_PENDING}. A miss is nearly always
     * followed by the fill of the same tag (the MMU walks, then fills), and a fault's second
     * translation looks the same tag up again in between: neither needs to compare the set's tags a
     * second time. Only a fill can put a tag in, and every fill forgets it.
     */
    long pendingTag = NO_PENDING;

    Bank(int entries, int ways) {
      this.ways = ways;
      this.setMask = entries / ways - 1;
      this.ptes = new long[entries];
      this.tags = new long[entries];
      this.prev = new int[entries];
      this.next = new int[entries];
      this.head = new int[entries / ways];
      this.tail = new int[entries / ways];
      this.emptyWords = (ways + 63) >>> 6;
      this.empty = new long[entries / ways * emptyWords];
      this.filter = new long[entries / ways];
      this.setBits = Integer.numberOfTrailingZeros(entries / ways);
      clear();
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
      int set = (int) (key & setMask);
      int first = set * ways;
      int end = first + ways;
      if (globals == 0) {
        // No global entry anywhere, so at most one entry can match: try the way this key was
        // last found in, then scan the set, one compare a way.
        int h = (int) key & HINT_MASK;
        int i = first + (hints[h] & 0xff); // a way offset below min(ways, 256)
        if (tags[i] == mine) {
          touch(set, i);
          return i;
        }
        if (mine == pendingTag) {
          return -1; // it missed just now and no fill came since (a fault's second translation)
        }
        if ((filter[set] & filterBit(key)) == 0) {
          pendingTag = mine;
          return -1; // no entry of this key was filled since the set's filter was recomputed
        }
        for (i = first; i < end; i++) {
          if (tags[i] == mine) {
            touch(set, i);
            hints[h] = (byte) (i - first);
            return i;
          }
        }
        pendingTag = mine;
        return -1;
      }
      long global = tag(GLOBAL, key, level);
      for (int i = first; i < end; i++) {
        long t = tags[i];
        if (t == mine || t == global) {
          touch(set, i);
          return i;
        }
      }
      return -1;
    }

    /**
     * Fills the entry for (asid, key, level): the way that already holds it, else the last empty
     * way of the set if any is empty, else the least recently used one (the head of its list).
     * Right after {@link #find} proved the tag absent, the set's tags are not compared again.
     */
    void insert(int asid, long key, int level, long pte) {
      if (!fits(asid, key, level)) {
        throw new IllegalArgumentException(
            "a TLB entry holds " + KEY_BITS + "-bit keys and ASIDs up to " + MAX_ASID);
      }
      long mine = tag(asid, key, level);
      int set = (int) (key & setMask);
      int first = set * ways;
      int victim = -1;
      if (mine != pendingTag) {
        for (int i = first; i < first + ways; i++) {
          if (tags[i] == mine) {
            victim = i;
            break;
          }
        }
      }
      if (victim < 0) {
        int e = highestEmpty(set);
        victim = e >= 0 ? first + e : head[set];
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
      filter[set] |= filterBit(key);
      hints[(int) key & HINT_MASK] = (byte) (victim - first);
      ptes[victim] = pte;
      if (old == INVALID) {
        empty[set * emptyWords + ((victim - first) >>> 6)] &= ~(1L << (victim - first));
        append(set, victim);
      } else {
        touch(set, victim);
      }
    }

    /** The highest-numbered empty way of a set (an offset from its first), or -1. */
    private int highestEmpty(int set) {
      int base = set * emptyWords;
      for (int w = emptyWords - 1; w >= 0; w--) {
        long bits = empty[base + w];
        if (bits != 0) {
          return (w << 6) + 63 - Long.numberOfLeadingZeros(bits);
        }
      }
      return -1;
    }

    /** Puts a newly valid entry at the most recently used end of its set's list. */
    private void append(int set, int i) {
      int t = tail[set];
      prev[i] = t;
      next[i] = -1;
      if (t >= 0) {
        next[t] = i;
      } else {
        head[set] = i;
      }
      tail[set] = i;
    }

    /** Makes entry i of a set its most recently used one. */
    private void touch(int set, int i) {
      int t = tail[set];
      if (t == i) {
        return;
      }
      int p = prev[i];
      int n = next[i]; // not -1: i is not the tail
      if (p >= 0) {
        next[p] = n;
      } else {
        head[set] = n;
      }
      prev[n] = p;
      prev[i] = t;
      next[i] = -1;
      next[t] = i;
      tail[set] = i;
    }

    void invalidate(int asid, long key, int level) {
      if (!fits(GLOBAL, key, level)) {
        return; // no entry can hold it
      }
      long global = tag(GLOBAL, key, level);
      long mine = asid >= GLOBAL && asid <= MAX_ASID ? tag(asid, key, level) : global;
      int set = (int) (key & setMask);
      long bit = filterBit(key);
      if ((filter[set] & bit) == 0) {
        return; // no entry of this key was filled since the set's filter was last recomputed
      }
      int first = set * ways;
      int end = first + ways;
      if (globals == 0) {
        // Without global entries only this ASID's tag can match, in one way at most; the same
        // pass recomputes the set's filter in case the key is absent.
        long f = 0;
        for (int i = first; i < end; i++) {
          long t = tags[i];
          if (t == mine) {
            drop(i, set);
            return;
          }
          if (t != INVALID) {
            f |= filterBit(keyOf(t));
          }
        }
        filter[set] = f;
        return;
      }
      boolean found = false;
      for (int i = first; i < end; i++) {
        long t = tags[i];
        if (t == mine || t == global) {
          drop(i, set);
          found = true;
        }
      }
      if (!found) {
        refilter(set);
      }
    }

    /** The filter bit of a key: bits above the set index, so the keys of one set spread. */
    long filterBit(long key) {
      return 1L << ((key >>> setBits) & 63);
    }

    /** Recomputes a set's filter from the keys it holds now. */
    private void refilter(int set) {
      long f = 0;
      for (int i = set * ways, end = i + ways; i < end; i++) {
        if (tags[i] != INVALID) {
          f |= filterBit(keyOf(tags[i]));
        }
      }
      filter[set] = f;
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

    /** Empties entry i: off its set's recency list, its way's bit set among the empty ones. */
    void drop(int i) {
      drop(i, i / ways);
    }

    /** {@link #drop(int)} for a caller that knows the set (no division on the hot path). */
    private void drop(int i, int set) {
      if (asidOf(tags[i]) == GLOBAL) {
        globals--;
      }
      tags[i] = INVALID;
      live--;
      int p = prev[i];
      int n = next[i];
      if (p >= 0) {
        next[p] = n;
      } else {
        head[set] = n;
      }
      if (n >= 0) {
        prev[n] = p;
      } else {
        tail[set] = p;
      }
      prev[i] = -1;
      next[i] = -1;
      int way = i - set * ways;
      empty[set * emptyWords + (way >>> 6)] |= 1L << way;
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
      return Footprint.of(tags)
          + Footprint.of(ptes)
          + Footprint.of(prev)
          + Footprint.of(next)
          + Footprint.of(head)
          + Footprint.of(tail)
          + Footprint.of(empty);
    }

    /** Every way empty: no entry on any list, every way's bit set. */
    void clear() {
      pendingTag = NO_PENDING;
      Arrays.fill(tags, INVALID);
      Arrays.fill(filter, 0);
      Arrays.fill(prev, -1);
      Arrays.fill(next, -1);
      Arrays.fill(head, -1);
      Arrays.fill(tail, -1);
      for (int set = 0; set < head.length; set++) {
        for (int w = 0; w < emptyWords; w++) {
          int bits = Math.min(64, ways - (w << 6));
          empty[set * emptyWords + w] = bits == 64 ? -1L : (1L << bits) - 1;
        }
      }
      live = 0;
      globals = 0;
    }
  }
}
