package org.vmcompare.hw;

/**
 * The machine's page frames, as one packed record a frame.
 *
 * <p>Per frame: a content token (the data integrity model: a write stores a token, a read returns
 * it), flags, and the owning memory object id plus page index (Linux's {@code page->mapping /
 * index}, the PFN entry's prototype-PTE/offset, XNU's {@code vm_page} object/offset). The five
 * {@code int}s of a frame lie side by side in one array (20 bytes a frame), as a {@code struct
 * page} does: reclaim visits frames in no address order, and a frame's flags, owner and content are
 * read together, so one record costs one wait for memory where four parallel arrays cost four.
 * Which frames are free, and on which lists, is the OS model's policy (see {@link FrameLists});
 * this class is only the mechanism.
 */
public final class PhysicalMemory {
  /** Frame holds the kernel image or other memory no model may reuse. */
  public static final int F_KERNEL = 1;

  /** Frame is in use by some mapping, cache or object (set by models through {@link #claim}). */
  public static final int F_IN_USE = 1 << 1;

  /**
   * Content differs from the backing copy (file or swap); models keep it in step with PTE dirty
   * bits.
   */
  public static final int F_DIRTY = 1 << 2;

  /** First flag bit a model may use for its own per-frame state. */
  public static final int F_MODEL_SHIFT = 8;

  /** Owner id meaning "no object". */
  public static final int NO_OWNER = -1;

  private final long pageSize;
  private final int frames;

  /** Per frame, at {@code frame * INTS}: flags, owner, owner index, content low, content high. */
  private final int[] rec;

  private static final int INTS = 5;
  private static final int FLAGS = 0;
  private static final int OWNER = 1;
  private static final int INDEX = 2;
  private static final int CONTENT_LO = 3;
  private static final int CONTENT_HI = 4;

  /** Most frames one array of records can hold. */
  private static final long MAX_FRAMES = (Integer.MAX_VALUE - 8) / INTS;

  private int kernelFrames;
  private int inUse;

  public PhysicalMemory(long ramBytes, long pageSize) {
    if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
      throw new IllegalArgumentException("machine.pageSize must be a power of two: " + pageSize);
    }
    long n = ramBytes / pageSize;
    if (n < 16) {
      throw new IllegalArgumentException(
          "machine.ram must hold at least 16 pages, got " + ramBytes + " bytes");
    }
    if (n > MAX_FRAMES) {
      throw new IllegalArgumentException("machine.ram is too large to simulate: " + ramBytes);
    }
    this.pageSize = pageSize;
    this.frames = (int) n;
    this.rec = new int[frames * INTS];
    for (int f = 0; f < frames; f++) {
      rec[f * INTS + OWNER] = NO_OWNER;
    }
  }

  /** Bytes of metadata this class keeps per frame (for capacity messages and docs). */
  public static int bytesPerFrame() {
    return INTS * Integer.BYTES;
  }

  /**
   * Bytes of this class's arrays, counted from their lengths (see {@link Machine#footprintBytes}).
   */
  public long footprintBytes() {
    return Footprint.of(rec);
  }

  public long pageSize() {
    return pageSize;
  }

  public int frames() {
    return frames;
  }

  /** Frames reserved for the kernel at boot, from frame 0. */
  public void reserveKernel(int count) {
    if (count < 0 || count >= frames) {
      throw new IllegalArgumentException("cannot reserve " + count + " of " + frames + " frames");
    }
    for (int f = kernelFrames; f < count; f++) {
      rec[f * INTS + FLAGS] |= F_KERNEL;
    }
    kernelFrames = Math.max(kernelFrames, count);
  }

  public int kernelFrames() {
    return kernelFrames;
  }

  /** Frames models may use. */
  public int usableFrames() {
    return frames - kernelFrames;
  }

  public int inUse() {
    return inUse;
  }

  public long content(int frame) {
    int r = frame * INTS;
    return ((long) rec[r + CONTENT_HI] << 32) | (rec[r + CONTENT_LO] & 0xFFFF_FFFFL);
  }

  public void setContent(int frame, long token) {
    int r = frame * INTS;
    rec[r + CONTENT_LO] = (int) token;
    rec[r + CONTENT_HI] = (int) (token >>> 32);
  }

  /** Marks a frame in use by an object page; content is left for the caller to fill. */
  public void claim(int frame, int ownerId, int index) {
    int r = frame * INTS;
    if ((rec[r + FLAGS] & (F_IN_USE | F_KERNEL)) != 0) {
      throw new IllegalStateException("frame " + frame + " is already in use");
    }
    rec[r + FLAGS] |= F_IN_USE;
    rec[r + OWNER] = ownerId;
    rec[r + INDEX] = index;
    inUse++;
  }

  /** Returns a frame to "not in use"; its content is forgotten. */
  public void release(int frame) {
    int r = frame * INTS;
    int f = rec[r + FLAGS];
    if ((f & F_IN_USE) == 0) {
      throw new IllegalStateException("frame " + frame + " is not in use");
    }
    rec[r + FLAGS] = f & F_KERNEL;
    rec[r + OWNER] = NO_OWNER;
    rec[r + INDEX] = 0;
    rec[r + CONTENT_LO] = 0;
    rec[r + CONTENT_HI] = 0;
    inUse--;
  }

  public boolean inUse(int frame) {
    return (rec[frame * INTS + FLAGS] & F_IN_USE) != 0;
  }

  public boolean isKernel(int frame) {
    return (rec[frame * INTS + FLAGS] & F_KERNEL) != 0;
  }

  public int flags(int frame) {
    return rec[frame * INTS + FLAGS];
  }

  public void setFlag(int frame, int flag) {
    rec[frame * INTS + FLAGS] |= flag;
  }

  public void clearFlag(int frame, int flag) {
    rec[frame * INTS + FLAGS] &= ~flag;
  }

  public boolean hasFlag(int frame, int flag) {
    return (rec[frame * INTS + FLAGS] & flag) != 0;
  }

  public int owner(int frame) {
    return rec[frame * INTS + OWNER];
  }

  public int ownerIndex(int frame) {
    return rec[frame * INTS + INDEX];
  }

  public void setOwner(int frame, int ownerId, int index) {
    int r = frame * INTS;
    rec[r + OWNER] = ownerId;
    rec[r + INDEX] = index;
  }
}
