package org.vmcompare.hw;

/**
 * Page-table entry bit layout, shared by every paging mode and every OS model.
 *
 * <p>A PTE is a {@code long} so page tables are flat primitive arrays. The hardware bits follow
 * x86-64 positions (present 0, writable 1, user 2, accessed 5, dirty 6, large 7, global 8, NX 63);
 * ARM64's different encoding is irrelevant to the simulation, so one layout serves all modes. Bits
 * 12..51 hold the frame number when present. When not present, the OS owns bits 1..62 (as real
 * kernels do with swap entries): {@link #SW_COW}, {@link #SW_TRANSITION}, {@link #SW_PROTOTYPE},
 * {@link #SW_SWAP} mark what bits 12..51 mean (a swap or compressor slot, a prototype index, a
 * transition frame).
 */
public final class Pte {
  public static final long PRESENT = 1L;
  public static final long WRITABLE = 1L << 1;
  public static final long USER = 1L << 2;
  public static final long ACCESSED = 1L << 5;
  public static final long DIRTY = 1L << 6;
  public static final long LARGE = 1L << 7;
  public static final long GLOBAL = 1L << 8;

  /** Software: the page is copy-on-write; a write fault must copy or re-enable write. */
  public static final long SW_COW = 1L << 9;

  /** Software (not present): a Windows transition PTE; the frame is still in memory. */
  public static final long SW_TRANSITION = 1L << 10;

  /** Software (not present): points at a prototype PTE of a shared section. */
  public static final long SW_PROTOTYPE = 1L << 11;

  /** Software (not present): the payload is a backing-store slot (swap, pagefile, compressor). */
  public static final long SW_SWAP = 1L << 52;

  /** Software bits free for a model's own use. */
  public static final long SW_MODEL_1 = 1L << 53;

  public static final long SW_MODEL_2 = 1L << 54;
  public static final long SW_MODEL_3 = 1L << 55;
  public static final long SW_MODEL_4 = 1L << 56;

  public static final long NO_EXECUTE = 1L << 63;

  /** Bits 12..51: a frame number, or the OS's payload in a non-present entry. */
  public static final long PAYLOAD_MASK = ((1L << 40) - 1) << 12;

  private Pte() {}

  public static boolean present(long pte) {
    return (pte & PRESENT) != 0;
  }

  public static long frame(long pte) {
    return (pte & PAYLOAD_MASK) >>> 12;
  }

  /** The payload of a non-present entry (swap slot, prototype index). */
  public static long payload(long pte) {
    return (pte & PAYLOAD_MASK) >>> 12;
  }

  public static long withFrame(long pte, long frame) {
    return (pte & ~PAYLOAD_MASK) | ((frame << 12) & PAYLOAD_MASK);
  }

  /** A present user leaf entry for a frame. */
  public static long leaf(long frame, boolean writable, boolean executable) {
    long pte = PRESENT | USER | ((frame << 12) & PAYLOAD_MASK);
    if (writable) {
      pte |= WRITABLE;
    }
    if (!executable) {
      pte |= NO_EXECUTE;
    }
    return pte;
  }

  /** A non-present entry carrying a payload and software marker bits. */
  public static long notPresent(long payload, long softwareBits) {
    return ((payload << 12) & PAYLOAD_MASK) | (softwareBits & ~PRESENT & ~PAYLOAD_MASK);
  }

  public static boolean is(long pte, long bit) {
    return (pte & bit) != 0;
  }

  /** Renders the flags for event logs and tests, e.g. {@code P W U A D}. */
  public static String describe(long pte) {
    if (pte == 0) {
      return "empty";
    }
    StringBuilder sb = new StringBuilder();
    append(sb, pte, PRESENT, "P");
    append(sb, pte, WRITABLE, "W");
    append(sb, pte, USER, "U");
    append(sb, pte, ACCESSED, "A");
    append(sb, pte, DIRTY, "D");
    append(sb, pte, LARGE, "L");
    append(sb, pte, GLOBAL, "G");
    append(sb, pte, SW_COW, "cow");
    append(sb, pte, SW_TRANSITION, "transition");
    append(sb, pte, SW_PROTOTYPE, "prototype");
    append(sb, pte, SW_SWAP, "swap");
    append(sb, pte, NO_EXECUTE, "NX");
    sb.append(present(pte) ? " frame=" : " payload=").append(payload(pte));
    return sb.toString();
  }

  private static void append(StringBuilder sb, long pte, long bit, String name) {
    if ((pte & bit) != 0) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(name);
    }
  }
}
