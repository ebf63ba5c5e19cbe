package org.vmcompare.hw;

import java.util.Arrays;

/**
 * The machine's pool of page-table pages, shared by every address space.
 *
 * <p>One pool lets the kernel's upper-level tables be shared by every process (their top-level
 * entries point at the same nodes), which is how the kernel half stays mapped across context
 * switches. Tables are allocated only for touched ranges; a non-leaf entry keeps its child node id
 * in the frame field.
 *
 * <p>Tables are not one {@code long[]} each but slots of a few large chunks ({@link #CHUNK_LONGS}
 * entries, 32 tables of 512 on x86-64): node {@code n} is the slot {@code n % perChunk} of chunk
 * {@code n / perChunk}. Reading an entry then needs no per-table array header (a cache line of its
 * own, far from the entry, for every table a walk touches) and the handful of chunk headers stay
 * cached, which matters when a reclaim scan or a TLB miss reads PTEs scattered over megabytes of
 * tables. The chunks grow one at a time; nothing is copied.
 */
public final class PageTables {
  /** Entries per chunk of tables (128 KiB). */
  static final int CHUNK_LONGS = 1 << 14;

  private final PagingMode mode;

  /** log2 of a table slot's entries: the widest level's table. */
  private final int slotShift;

  /** log2 of tables per chunk, and that minus one as a mask. */
  private final int perChunkShift;

  private final int perChunkMask;

  /** log2 of a chunk's entries: {@link #address}es carry the chunk above these bits. */
  private final int chunkShift;

  private long[][] chunks = new long[4][];
  private int[] liveEntries = new int[64];
  private int nodeCount;
  private int[] freeNodes = new int[16];
  private int freeCount;
  private int liveNodes;
  private final PageTable kernelTemplate;
  private PageTable[] spaces = new PageTable[16];
  private int kernelTablePages;
  private boolean spacesCreated;

  public PageTables(PagingMode mode) {
    this.mode = mode;
    int widest = 0;
    for (int l = 0; l < mode.levels(); l++) {
      widest = Math.max(widest, mode.bits(l));
    }
    this.slotShift = widest;
    this.perChunkShift = Math.max(0, Integer.numberOfTrailingZeros(CHUNK_LONGS) - widest);
    this.perChunkMask = (1 << perChunkShift) - 1;
    this.chunkShift = perChunkShift + widest;
    this.kernelTemplate = new PageTable(this, 0, newNode());
    this.kernelTablePages = kernelTemplate.tablePages();
  }

  public PagingMode mode() {
    return mode;
  }

  /**
   * Maps the kernel's pages (global, supervisor) into the template every new address space copies.
   * Call before creating address spaces: a later kernel mapping could need a top-level entry that
   * earlier ones lack, so it is rejected.
   */
  public void mapKernel(long vaddr, long pages, long firstFrame) {
    if (spacesCreated) {
      throw new IllegalStateException("map the kernel before creating address spaces");
    }
    if (pages < 0) {
      throw new IllegalArgumentException("kernel page count must not be negative: " + pages);
    }
    long vpn = mode.vpnOf(vaddr);
    long lastVpn = mode.vpnOf(-1L);
    int topShift = mode.shiftOf(mode.levels() - 1);
    if (pages > 0 && ((vpn >>> topShift) < mode.kernelTopIndex() || pages - 1 > lastVpn - vpn)) {
      throw new IllegalArgumentException(
          pages
              + " kernel pages at 0x"
              + Long.toHexString(vaddr)
              + " do not fit in the kernel half of "
              + mode.id());
    }
    for (long i = 0; i < pages; i++) {
      long pte = Pte.PRESENT | Pte.WRITABLE | Pte.GLOBAL | Pte.ACCESSED | Pte.DIRTY;
      kernelTemplate.set(vpn + i, Pte.withFrame(pte, firstFrame + i));
    }
    kernelTablePages = kernelTemplate.tablePages();
  }

  /**
   * Kernel page-table pages (shared, counted once): the template's root and every kernel table
   * below it. {@link #liveNodes()} is this plus each live address space's {@link
   * PageTable#tablePages()}.
   */
  public int kernelTablePages() {
    return kernelTablePages;
  }

  /** The template holding the kernel half (ASID 0); for audits and tests. */
  public PageTable kernelTemplate() {
    return kernelTemplate;
  }

  /** A new address space whose kernel half shares the kernel template's tables. */
  public PageTable create(int asid) {
    if (asid <= 0 || asid > ReverseMap.MAX_ASID) {
      throw new IllegalArgumentException(
          "asid must be between 1 and " + ReverseMap.MAX_ASID + ": " + asid);
    }
    if (byAsid(asid) != null) {
      throw new IllegalStateException("asid " + asid + " is already in use");
    }
    spacesCreated = true;
    int top = mode.levels() - 1;
    int root = newNode();
    int kernelFirst = mode.kernelTopIndex();
    int template = kernelTemplate.root();
    System.arraycopy(
        chunk(template),
        offset(template) + kernelFirst,
        chunk(root),
        offset(root) + kernelFirst,
        (1 << mode.bits(top)) - kernelFirst);
    PageTable pt = new PageTable(this, asid, root);
    pt.setSharedTopFrom(kernelFirst);
    if (asid >= spaces.length) {
      spaces = Arrays.copyOf(spaces, Math.max(asid + 1, spaces.length * 2));
    }
    spaces[asid] = pt;
    return pt;
  }

  /** The address space with this ASID, or null; used by the reverse map to reach PTEs. */
  public PageTable byAsid(int asid) {
    return asid >= 0 && asid < spaces.length ? spaces[asid] : null;
  }

  /**
   * Releases every user table of an address space (process exit) and frees its ASID. It touches
   * neither the reverse map nor the TLB: use {@link Machine#destroy} unless neither can hold
   * anything of this address space.
   */
  public void destroy(PageTable pt) {
    pt.freeUserTables();
    if (pt.asid() < spaces.length && spaces[pt.asid()] == pt) {
      spaces[pt.asid()] = null;
    }
  }

  /**
   * Bytes of the pool: every allocated table (live or pooled for reuse), the pool's own arrays and
   * each live address space's host-side leaf-table cache, counted from their lengths (see {@link
   * Machine#footprintBytes}).
   */
  public long footprintBytes() {
    long bytes =
        Footprint.refs(chunks)
            + Footprint.of(liveEntries)
            + Footprint.of(freeNodes)
            + Footprint.refs(spaces);
    for (long[] c : chunks) {
      bytes += Footprint.of(c);
    }
    bytes += kernelTemplate.leafCacheBytes();
    for (PageTable pt : spaces) {
      if (pt != null) {
        bytes += pt.leafCacheBytes();
      }
    }
    return bytes;
  }

  /** Live page-table pages in the whole machine, kernel included. */
  public int liveNodes() {
    return liveNodes;
  }

  /** The chunk holding a table's entries; they start at {@link #offset} in it. */
  long[] chunk(int id) {
    return chunks[id >>> perChunkShift];
  }

  /** Where a table's entries start in its {@link #chunk}. */
  int offset(int id) {
    return (id & perChunkMask) << slotShift;
  }

  /**
   * One number for an entry of a table: its index in the chunks taken end to end. {@link #entryAt}
   * reads it with two loads (the chunk, which stays cached, then the entry).
   */
  long address(int id, int index) {
    return ((long) id << slotShift) | index;
  }

  /** The entry at an {@link #address}. */
  long entryAt(long address) {
    return chunks[(int) (address >>> chunkShift)][(int) address & ((1 << chunkShift) - 1)];
  }

  /** Writes the entry at an {@link #address}; the caller keeps the table's live count. */
  void setEntryAt(long address, long value) {
    chunks[(int) (address >>> chunkShift)][(int) address & ((1 << chunkShift) - 1)] = value;
  }

  /** The table an {@link #address} lies in. */
  int nodeAt(long address) {
    return (int) (address >>> slotShift);
  }

  int newNode() {
    int id;
    if (freeCount > 0) {
      id = freeNodes[--freeCount];
      // A table freed with its address space still holds entries: clear the slot.
      int at = offset(id);
      Arrays.fill(chunk(id), at, at + (1 << slotShift), 0L);
    } else {
      id = nodeCount++;
      if (id >= liveEntries.length) {
        liveEntries = Arrays.copyOf(liveEntries, liveEntries.length * 2);
      }
      int c = id >>> perChunkShift;
      if (c >= chunks.length) {
        chunks = Arrays.copyOf(chunks, chunks.length * 2);
      }
      if (chunks[c] == null) {
        chunks[c] = new long[(1 << perChunkShift) << slotShift];
      }
    }
    liveEntries[id] = 0;
    liveNodes++;
    return id;
  }

  void freeNode(int id) {
    if (freeCount == freeNodes.length) {
      freeNodes = Arrays.copyOf(freeNodes, freeNodes.length * 2);
    }
    freeNodes[freeCount++] = id;
    liveNodes--;
  }

  void adjustLive(int node, int delta) {
    liveEntries[node] += delta;
  }

  int live(int node) {
    return liveEntries[node];
  }
}
