package org.vmcompare.hw;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The page-table layouts the machine can simulate.
 *
 * <p>Levels are numbered from the leaf table (level 0) up to the root. A large page is a leaf entry
 * at a higher level. The kernel's half of the address space is mapped in every process through
 * shared upper-level tables, with global entries, as ../shared/sources/003 describes.
 */
public enum PagingMode {
  /** x86-64 4-level radix: 48-bit virtual addresses, 9 bits a level, 4 KiB pages; 2 MiB, 1 GiB. */
  X86_64(
      "x86-64",
      12,
      new int[] {9, 9, 9, 9},
      new int[] {1, 2},
      0x0000_7fff_ffff_f000L,
      0xffff_8000_0000_0000L),
  /** 32-bit x86 two-level (10/10/12), optional 4 MiB pages (PSE); 3G/1G user/kernel split. */
  X86_32("x86-32", 12, new int[] {10, 10}, new int[] {1}, 0xbfff_f000L, 0xc000_0000L),
  /** ARM64 with a 16 KiB granule (Apple silicon): 48-bit VA as 1+11+11+11+14; 32 MiB blocks. */
  ARM64_16K(
      "arm64-16k",
      14,
      new int[] {11, 11, 11, 1},
      new int[] {1},
      0x0000_7fff_ffff_c000L,
      0xffff_8000_0000_0000L);

  private final String id;
  private final int pageShift;
  private final int[] bitsPerLevel;
  private final int[] largeLevels;
  private final long userTop;
  private final long kernelBase;
  private final int[] shifts;
  private final int vaBits;
  private final long vaMask;

  PagingMode(
      String id,
      int pageShift,
      int[] bitsPerLevel,
      int[] largeLevels,
      long userTop,
      long kernelBase) {
    this.id = id;
    this.pageShift = pageShift;
    this.bitsPerLevel = bitsPerLevel;
    this.largeLevels = largeLevels;
    this.userTop = userTop;
    this.kernelBase = kernelBase;
    this.shifts = new int[bitsPerLevel.length];
    for (int l = 1; l < bitsPerLevel.length; l++) {
      shifts[l] = shifts[l - 1] + bitsPerLevel[l - 1];
    }
    int bits = pageShift;
    for (int b : bitsPerLevel) {
      bits += b;
    }
    this.vaBits = bits;
    this.vaMask = bits >= 64 ? -1L : (1L << bits) - 1;
  }

  public String id() {
    return id;
  }

  public int pageShift() {
    return pageShift;
  }

  public long pageSize() {
    return 1L << pageShift;
  }

  public int levels() {
    return bitsPerLevel.length;
  }

  /** Index bits consumed at a level (0 = leaf table). */
  public int bits(int level) {
    return bitsPerLevel[level];
  }

  /** How many virtual page numbers one entry at this level covers (1 at level 0). */
  public long pagesPerEntry(int level) {
    return 1L << shifts[level];
  }

  /** Shift that turns a VPN into the index space of a level. */
  public int shiftOf(int level) {
    return shifts[level];
  }

  public int virtualAddressBits() {
    return vaBits;
  }

  /** Whether a leaf entry may sit at this level (large page). */
  public boolean largeLevelAllowed(int level) {
    for (int l : largeLevels) {
      if (l == level) {
        return true;
      }
    }
    return false;
  }

  /** The levels that may hold a large leaf, lowest first (a copy). */
  public int[] largeLevels() {
    return largeLevels.clone();
  }

  /** How many large-page levels there are; with {@link #largeLevel} iterates without allocating. */
  public int largeLevelCount() {
    return largeLevels.length;
  }

  /** The k-th large-page level, lowest first. */
  public int largeLevel(int k) {
    return largeLevels[k];
  }

  /**
   * Lowest address of the last user page; user mappings must end at or below {@code userTop +
   * pageSize}.
   */
  public long userTop() {
    return userTop;
  }

  /**
   * First address of the kernel's half: the 3G/1G split on 32-bit, the first canonical high address
   * (0xffff800000000000) on 48-bit modes. Top-level entries from here on are the kernel's and
   * shared by every address space.
   */
  public long kernelBase() {
    return kernelBase;
  }

  /** The VPN used to index tables: canonical high addresses are folded into the VA width. */
  public long vpnOf(long vaddr) {
    return (vaddr & vaMask) >>> pageShift;
  }

  /** Index of the first top-level entry that belongs to the kernel half. */
  public int kernelTopIndex() {
    return (int) (vpnOf(kernelBase) >>> shifts[shifts.length - 1]);
  }

  /** The paging mode for a page size when the experiment names none. */
  public static PagingMode defaultFor(long pageSize) {
    if (pageSize == 4096) {
      return X86_64;
    }
    if (pageSize == 16384) {
      return ARM64_16K;
    }
    throw new IllegalArgumentException(
        "page size "
            + pageSize
            + " is not supported; use 4KiB (x86-64, x86-32) or 16KiB (arm64-16k)");
  }

  public static PagingMode parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (PagingMode m : values()) {
      if (m.id.equals(t)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown paging mode '"
            + text
            + "'; known: "
            + Arrays.stream(values()).map(PagingMode::id).collect(Collectors.joining(", ")));
  }
}
