package org.vmcompare.hw;

/**
 * One address space's radix page table (the {@code mm->pgd}, the CR3 / TTBR0 target).
 *
 * <p>Entries are raw {@code long} PTEs (see {@link Pte}). Intermediate tables are created on the
 * first {@link #set} below them and freed by {@link #clear} when they become empty, so {@link
 * #tablePages()} is the figure Linux's oom_badness and VMMap's "Page Table" row need. The walk
 * records how many levels it read in {@link #lastWalkLevels()} so the MMU can charge for them
 * without allocating.
 *
 * <p>The top-level entries from {@link PagingMode#kernelTopIndex()} on are the kernel's, shared
 * with every other address space; a user address space can read them (a walk reaches the kernel's
 * supervisor pages) but never change them: {@link #set}, {@link #clear} and the bit updates reject
 * a VPN in the kernel half.
 */
public final class PageTable {
  /** Receives the leaf entries of {@link #forEachLeaf}. */
  @FunctionalInterface
  public interface LeafVisitor {
    /**
     * @param vpn first VPN the entry translates
     * @param level 0 for a base page, higher for a large leaf
     * @param pte the raw entry (present or not, never 0)
     */
    void visit(long vpn, int level, long pte);
  }

  private final PageTables pool;
  private final PagingMode mode;
  private final int asid;
  private final int root;
  private final int top;
  private int sharedTopFrom = Integer.MAX_VALUE;
  private int ownedTablePages = 1;
  private boolean destroyed;
  private int lastWalkLevels;
  private int lastLeafLevel;
  private int lastSlotNode = -1;
  private int lastSlotIndex;
  private final int[] shifts;
  private final long[] masks;

  /** Entries of a table at each level (its part of the pool's chunk). */
  private final int[] entries;

  /**
   * Host-side cache of leaf tables, not simulated: for a VPN's leaf-table prefix ({@code vpn >>>
   * leafShift}), the node of the level-0 table that holds its PTE, so a walk reads that PTE without
   * the three dependent loads of the levels above (on x86-64). Direct-mapped on the prefix's low
   * bits; an entry is {@code (prefix + 1) << 32 | node}, 0 when empty. It only holds leaf tables of
   * this address space's own half that are reachable from the root, and an entry goes when its
   * table is freed, so a hit means every level above holds a table pointer: the walk it stands for
   * reads all {@code levels} levels, and is charged for all of them. Sized to twice the leaf tables
   * this address space has had at most (a power of two), so a contiguous range never collides.
   */
  private long[] leafCache = new long[MIN_LEAF_CACHE];

  private int leafTables;
  private final int leafShift;
  private final int leafIndexMask;
  private final long vpnMask;

  /** The walks over VPN ranges (fork, exit, unmapping a range). */
  private final TableRanges ranges;

  private static final int MIN_LEAF_CACHE = 16;
  private static final int MAX_LEAF_CACHE = 1 << 16;

  PageTable(PageTables pool, int asid, int root) {
    this.pool = pool;
    this.mode = pool.mode();
    this.top = mode.levels() - 1;
    this.shifts = new int[mode.levels()];
    this.masks = new long[mode.levels()];
    this.entries = new int[mode.levels()];
    for (int l = 0; l < mode.levels(); l++) {
      shifts[l] = mode.shiftOf(l);
      masks[l] = (1L << mode.bits(l)) - 1;
      entries[l] = 1 << mode.bits(l);
    }
    this.asid = asid;
    this.root = root;
    this.leafShift = shifts.length > 1 ? shifts[1] : 63;
    this.leafIndexMask = (int) masks[0];
    int vpnBits = 0;
    for (int l = 0; l < mode.levels(); l++) {
      vpnBits += mode.bits(l);
    }
    this.vpnMask = (1L << vpnBits) - 1;
    this.ranges = new TableRanges(this, pool);
  }

  public int asid() {
    return asid;
  }

  public PagingMode mode() {
    return mode;
  }

  int root() {
    return root;
  }

  PageTables pool() {
    return pool;
  }

  void setSharedTopFrom(int index) {
    this.sharedTopFrom = index;
  }

  /**
   * Page-table pages this address space owns (root included, shared kernel tables excluded). For
   * the kernel template it is every kernel table, its root included.
   */
  public int tablePages() {
    return ownedTablePages;
  }

  /** Whether {@link PageTables#destroy} has released this address space. */
  public boolean destroyed() {
    return destroyed;
  }

  /** Whether a VPN lies in the kernel half, which this address space shares and cannot change. */
  public boolean inKernelHalf(long vpn) {
    return index(vpn, top) >= sharedTopFrom;
  }

  /** Levels read by the last {@link #walk}. */
  public int lastWalkLevels() {
    return lastWalkLevels;
  }

  /** Level of the leaf found by the last {@link #walk} (0 for a base page, higher for large). */
  public int lastLeafLevel() {
    return lastLeafLevel;
  }

  /**
   * Walks from the root to the leaf for a VPN and returns the leaf entry (0 if none). For a large
   * page the returned entry is the large leaf; {@link #lastLeafLevel()} says which level.
   */
  public long walk(long vpn) {
    if (destroyed) {
      throw destroyedError();
    }
    int leaf = cachedLeaf(vpn);
    if (leaf >= 0) {
      int i = (int) vpn & leafIndexMask;
      lastWalkLevels = top + 1;
      lastLeafLevel = 0;
      lastSlotNode = leaf;
      lastSlotIndex = i;
      return pool.chunk(leaf)[pool.offset(leaf) + i];
    }
    int node = root;
    int levels = 0;
    for (int level = top; ; level--) {
      long[] table = pool.chunk(node);
      int at = pool.offset(node);
      int i = index(vpn, level);
      long e = table[at + i];
      levels++;
      if (level == 0 || (e & Pte.PRESENT) == 0 || (e & Pte.LARGE) != 0) {
        lastWalkLevels = levels;
        lastLeafLevel = level;
        lastSlotNode = node;
        lastSlotIndex = i;
        if (level == 0) {
          cacheLeaf(vpn, node);
        }
        return e;
      }
      node = (int) Pte.frame(e);
    }
  }

  /**
   * Sets bits in the entry the last {@link #walk} returned, without walking again: the hardware
   * setting accessed/dirty on the walk it just did. Only valid when that entry was present and
   * nothing changed the table since.
   */
  void orBitsAtLastWalk(long bits) {
    pool.chunk(lastSlotNode)[pool.offset(lastSlotNode) + lastSlotIndex] |= bits;
  }

  /** The leaf entry for a VPN without charging a walk (for OS code). */
  public long get(long vpn) {
    if (destroyed) {
      throw destroyedError();
    }
    int leaf = cachedLeaf(vpn);
    if (leaf >= 0) {
      return pool.chunk(leaf)[pool.offset(leaf) + ((int) vpn & leafIndexMask)];
    }
    int node = root;
    for (int level = top; ; level--) {
      long e = pool.chunk(node)[pool.offset(node) + index(vpn, level)];
      if (level == 0 || (e & Pte.PRESENT) == 0 || (e & Pte.LARGE) != 0) {
        if (level == 0) {
          cacheLeaf(vpn, node);
        }
        return e;
      }
      node = (int) Pte.frame(e);
    }
  }

  /**
   * Where the base-page PTE for vpn lies in the pool ({@link PageTables#entryAt}) if its leaf table
   * is in the host-side cache, else -1; reads nothing else and changes nothing. For prefetching: a
   * loop that first collects addresses and then loads them keeps many loads in flight at once.
   */
  long peekAddress(long vpn) {
    int leaf = cachedLeaf(vpn);
    return leaf >= 0 ? pool.address(leaf, (int) vpn & leafIndexMask) : -1;
  }

  /**
   * Replaces the base-page entry at an address {@link #peekAddress} just gave (so its leaf table is
   * live and this address space's), keeping the table's count of live entries: the store half of
   * {@link #set} for a caller that has already read the old entry there. Neither entry may be 0.
   */
  void replaceAt(long address, long old, long pte) {
    pool.setEntryAt(address, pte);
    if (old == 0) {
      pool.adjustLive(pool.nodeAt(address), 1);
    }
  }

  /** Level of the leaf that translates a VPN (0 for a base page), or -1 when there is none. */
  public int leafLevel(long vpn) {
    if (destroyed) {
      throw destroyedError();
    }
    int leaf = cachedLeaf(vpn);
    if (leaf >= 0) {
      return pool.chunk(leaf)[pool.offset(leaf) + ((int) vpn & leafIndexMask)] == 0 ? -1 : 0;
    }
    int node = root;
    for (int level = top; ; level--) {
      long e = pool.chunk(node)[pool.offset(node) + index(vpn, level)];
      if (level == 0 || (e & Pte.PRESENT) == 0 || (e & Pte.LARGE) != 0) {
        return e == 0 ? -1 : level;
      }
      node = (int) Pte.frame(e);
    }
  }

  /** Installs a base-page leaf entry, creating tables on the way; a 0 entry is {@link #clear}. */
  public void set(long vpn, long pte) {
    if (pte == 0) {
      clear(vpn);
      return;
    }
    setAt(vpn, 0, pte);
  }

  /** Installs a large-page leaf at a level the paging mode allows (1 = 2 MiB on x86-64). */
  public void setLarge(long vpn, int level, long pte) {
    if (!mode.largeLevelAllowed(level)) {
      throw new IllegalArgumentException(mode.id() + " has no large pages at level " + level);
    }
    if ((vpn & (mode.pagesPerEntry(level) - 1)) != 0) {
      throw new IllegalArgumentException(
          "large page VPN "
              + vpn
              + " is not aligned to "
              + mode.pagesPerEntry(level)
              + " pages (level "
              + level
              + ")");
    }
    setAt(vpn, level, pte | Pte.LARGE);
  }

  /** Clears the leaf for a VPN (base or large) and frees tables that become empty. */
  public void clear(long vpn) {
    requireUserHalf(vpn);
    int leaf = cachedLeaf(vpn);
    if (leaf >= 0 && pool.live(leaf) > 1) {
      // The leaf table keeps other entries, so nothing above it changes: what clearFrom does.
      long[] table = pool.chunk(leaf);
      int at = pool.offset(leaf);
      int i = (int) vpn & leafIndexMask;
      if (table[at + i] != 0) {
        table[at + i] = 0;
        pool.adjustLive(leaf, -1);
      }
      return;
    }
    clearFrom(root, top, vpn);
  }

  private boolean clearFrom(int node, int level, long vpn) {
    long[] table = pool.chunk(node);
    int at = pool.offset(node);
    int i = index(vpn, level);
    long e = table[at + i];
    if (e == 0) {
      return pool.live(node) == 0;
    }
    if (!isTablePointer(e, level)) {
      table[at + i] = 0;
      pool.adjustLive(node, -1);
      return pool.live(node) == 0;
    }
    int child = (int) Pte.frame(e);
    if (clearFrom(child, level - 1, vpn)) {
      table[at + i] = 0;
      pool.adjustLive(node, -1);
      pool.freeNode(child);
      ownedTablePages--;
      if (level == 1) {
        forgetLeaf(vpn, child);
      }
    }
    return pool.live(node) == 0;
  }

  private void setAt(long vpn, int leafLevel, long pte) {
    requireUserHalf(vpn);
    int node = leafLevel == 0 ? cachedLeaf(vpn) : -1;
    if (node >= 0) {
      long[] table = pool.chunk(node);
      int at = pool.offset(node);
      int i = (int) vpn & leafIndexMask;
      long old = table[at + i];
      if (old == 0 && pte != 0) {
        pool.adjustLive(node, 1);
      } else if (old != 0 && pte == 0) {
        pool.adjustLive(node, -1);
      }
      table[at + i] = pte;
      return;
    }
    node = root;
    for (int level = top; level > leafLevel; level--) {
      long[] table = pool.chunk(node);
      int at = pool.offset(node);
      int i = index(vpn, level);
      long e = table[at + i];
      if (e == 0) {
        int child = pool.newNode();
        ownedTablePages++;
        if (level == 1) {
          leafTables++;
        }
        table[at + i] = Pte.withFrame(Pte.PRESENT | Pte.WRITABLE | Pte.USER, child);
        pool.adjustLive(node, 1);
        node = child;
      } else if (!isTablePointer(e, level)) {
        throw new IllegalStateException(
            "VPN " + vpn + " is inside a large page at level " + level + "; clear it first");
      } else {
        node = (int) Pte.frame(e);
      }
    }
    long[] table = pool.chunk(node);
    int at = pool.offset(node);
    int i = index(vpn, leafLevel);
    long old = table[at + i];
    if (isTablePointer(old, leafLevel)) {
      throw new IllegalStateException(
          "VPN "
              + vpn
              + " has base pages mapped under the level "
              + leafLevel
              + " entry; clear them first");
    }
    if (old == 0 && pte != 0) {
      pool.adjustLive(node, 1);
    } else if (old != 0 && pte == 0) {
      pool.adjustLive(node, -1);
    }
    table[at + i] = pte;
    if (leafLevel == 0) {
      cacheLeaf(vpn, node);
    }
  }

  /** Sets bits in an existing leaf (the hardware setting accessed/dirty). */
  public void orBits(long vpn, long bits) {
    update(vpn, bits, 0);
  }

  /** Clears bits in an existing leaf (the OS clearing accessed, write-protecting for COW). */
  public void andNotBits(long vpn, long bits) {
    update(vpn, 0, bits);
  }

  /**
   * Clears then sets bits in an existing leaf (base or large) with one walk. Does nothing when
   * there is no leaf. An entry that ends up 0 is {@link #clear}ed so its tables are freed.
   *
   * @return the entry before the change, or 0 when there was none
   */
  public long update(long vpn, long setBits, long clearBits) {
    requireUserHalf(vpn);
    int leaf = cachedLeaf(vpn);
    if (leaf >= 0) {
      long[] table = pool.chunk(leaf);
      int at = pool.offset(leaf);
      int i = (int) vpn & leafIndexMask;
      long e = table[at + i];
      if (e == 0) {
        return 0;
      }
      long value = (e & ~clearBits) | setBits;
      if (value == 0) {
        clear(vpn);
      } else {
        table[at + i] = value;
      }
      return e;
    }
    int node = root;
    for (int level = top; ; level--) {
      long[] table = pool.chunk(node);
      int at = pool.offset(node);
      int i = index(vpn, level);
      long e = table[at + i];
      if (level == 0 || (e & Pte.PRESENT) == 0 || (e & Pte.LARGE) != 0) {
        if (level == 0) {
          cacheLeaf(vpn, node);
        }
        if (e == 0) {
          return 0;
        }
        long value = (e & ~clearBits) | setBits;
        if (value == 0) {
          clear(vpn);
        } else {
          table[at + i] = value;
        }
        return e;
      }
      node = (int) Pte.frame(e);
    }
  }

  /**
   * Visits every non-zero leaf this address space owns (the kernel half excluded), in VPN order.
   * For fork, process exit and audits; allocates nothing itself.
   */
  public void forEachLeaf(LeafVisitor visitor) {
    if (destroyed) {
      throw destroyedError();
    }
    ranges.visit(root, top, 0L, visitor);
  }

  /**
   * Visits the non-zero leaves that translate any VPN in [firstVpn, firstVpn + pages), in VPN
   * order, reading only the tables under that range (the kernel half excluded). A large leaf that
   * overlaps the range is visited with its own first VPN, which may lie before firstVpn.
   */
  public void forEachLeaf(long firstVpn, long pages, LeafVisitor visitor) {
    if (destroyed) {
      throw destroyedError();
    }
    if (pages <= 0 || firstVpn < 0) {
      return;
    }
    ranges.visitRange(root, top, 0L, firstVpn, firstVpn + pages, visitor);
  }

  /**
   * Clears then sets bits in every present leaf of [firstVpn, firstVpn + pages) that has all of
   * requireBits, in place and without walking once per page (a large leaf overlapping the range is
   * changed whole). The caller drops the TLB entries: {@link Machine#writeProtectAddressSpace}
   * does.
   *
   * @return how many leaves changed
   */
  long updatePresentLeaves(
      long firstVpn, long pages, long requireBits, long setBits, long clearBits) {
    if (destroyed) {
      throw destroyedError();
    }
    if ((clearBits & Pte.PRESENT) != 0) {
      throw new IllegalArgumentException("updatePresentLeaves cannot clear PRESENT; use clear");
    }
    if (pages <= 0 || firstVpn < 0) {
      return 0;
    }
    return ranges.updateRange(
        root, top, 0L, firstVpn, firstVpn + pages, requireBits | Pte.PRESENT, setBits, clearBits);
  }

  /**
   * Clears every present leaf of [firstVpn, firstVpn + pages) in one pass over the tables, calling
   * the visitor with each leaf before it goes (in VPN order), and frees the tables that end up
   * empty, as a {@link #clear} per leaf would; non-present entries (swap, transition) stay. A large
   * leaf must lie wholly inside the range. The visitor must not change page tables. For {@link
   * Machine#unmapRange}, which keeps the reverse map and the TLB in step.
   *
   * @return how many leaves were cleared
   */
  long clearPresentLeaves(long firstVpn, long pages, LeafVisitor visitor) {
    requireUserHalf(firstVpn);
    if (pages <= 0) {
      return 0;
    }
    return ranges.clearRange(root, top, 0L, firstVpn, firstVpn + pages, false, visitor);
  }

  /**
   * Clears every leaf of [firstVpn, firstVpn + pages), present or not (swap entries, transition
   * PTEs, a model's markers), in one pass, calling the visitor with each before it goes (in VPN
   * order), and frees the tables that end up empty. For {@link Machine#clearRange}.
   *
   * @return how many leaves were cleared
   */
  long clearAllLeaves(long firstVpn, long pages, LeafVisitor visitor) {
    requireUserHalf(firstVpn);
    if (pages <= 0) {
      return 0;
    }
    return ranges.clearRange(root, top, 0L, firstVpn, firstVpn + pages, true, visitor);
  }

  void freeUserTables() {
    if (destroyed) {
      return;
    }
    ranges.freeBelow(root, top);
    pool.freeNode(root);
    ownedTablePages = 0;
    leafTables = 0;
    leafCache = new long[MIN_LEAF_CACHE];
    destroyed = true;
  }

  /** The VPN bits below a level's index (0 for the leaf level). */
  int shift(int level) {
    return shifts[level];
  }

  /**
   * Entries of a node at a level this address space may walk: the root's stop at the kernel half.
   */
  int end(int node, int level) {
    return node == root ? Math.min(entries[level], sharedTopFrom) : entries[level];
  }

  /** A range walk emptied the table {@code child} under a level's entry for vpn and cleared it. */
  void tableFreed(long vpn, int level, int child) {
    pool.freeNode(child);
    ownedTablePages--;
    if (level == 1) {
      forgetLeaf(vpn, child);
    }
  }

  /** The cached leaf table holding vpn's PTE, or -1 (walk from the root). */
  private int cachedLeaf(long vpn) {
    long prefix = (vpn & vpnMask) >>> leafShift;
    long e = leafCache[(int) prefix & (leafCache.length - 1)];
    return (e >>> 32) == prefix + 1 ? (int) e : -1;
  }

  /** Remembers the leaf table a walk from the root reached, if this address space owns it. */
  private void cacheLeaf(long vpn, int node) {
    if (index(vpn, top) >= sharedTopFrom) {
      return; // the kernel's tables, shared: never cached, so freeing them needs no care here
    }
    if (leafTables * 2 > leafCache.length && leafCache.length < MAX_LEAF_CACHE) {
      int size = leafCache.length;
      while (leafTables * 2 > size && size < MAX_LEAF_CACHE) {
        size *= 2;
      }
      leafCache = new long[size]; // a cache: it refills as walks reach the tables again
    }
    long prefix = (vpn & vpnMask) >>> leafShift;
    leafCache[(int) prefix & (leafCache.length - 1)] = (prefix + 1) << 32 | node;
  }

  /** A leaf table was freed: its cache entry (if it has one) goes. */
  private void forgetLeaf(long vpn, int node) {
    leafTables--;
    long prefix = (vpn & vpnMask) >>> leafShift;
    int slot = (int) prefix & (leafCache.length - 1);
    if (leafCache[slot] == ((prefix + 1) << 32 | node)) {
      leafCache[slot] = 0;
    }
  }

  /** Bytes of the host-side leaf-table cache (see {@link Machine#footprintBytes}). */
  long leafCacheBytes() {
    return Footprint.of(leafCache);
  }

  private void requireUserHalf(long vpn) {
    if (destroyed) {
      throw destroyedError();
    }
    if (index(vpn, top) >= sharedTopFrom) {
      throw new IllegalArgumentException(
          "VPN " + vpn + " lies in the kernel half, shared by every address space");
    }
  }

  private IllegalStateException destroyedError() {
    return new IllegalStateException("address space " + asid + " was destroyed");
  }

  static boolean isTablePointer(long e, int level) {
    return level > 0 && (e & Pte.PRESENT) != 0 && (e & Pte.LARGE) == 0;
  }

  private int index(long vpn, int level) {
    return (int) ((vpn >>> shifts[level]) & masks[level]);
  }
}
