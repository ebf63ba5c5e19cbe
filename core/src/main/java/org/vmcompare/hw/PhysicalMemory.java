package org.vmcompare.hw;

import java.util.Arrays;

/**
 * The machine's page frames, as struct-of-arrays metadata.
 *
 * <p>Per frame: a content token (the data integrity model: a write stores a token, a read returns
 * it), flags, and the owning memory object id plus page index (Linux's {@code page->mapping /
 * index}, the PFN entry's prototype-PTE/offset, XNU's {@code vm_page} object/offset). The layout
 * keeps the hot metadata at about 20 bytes a frame. Which frames are free, and on which lists, is
 * the OS model's policy (see {@link FrameLists}); this class is only the mechanism.
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
  private final long[] content;
  private final int[] flags;
  private final int[] owner;
  private final int[] ownerIndex;
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
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("machine.ram is too large to simulate: " + ramBytes);
    }
    this.pageSize = pageSize;
    this.frames = (int) n;
    this.content = new long[frames];
    this.flags = new int[frames];
    this.owner = new int[frames];
    this.ownerIndex = new int[frames];
    Arrays.fill(owner, NO_OWNER);
  }

  /** Bytes of metadata this class keeps per frame (for capacity messages and docs). */
  public static int bytesPerFrame() {
    return Long.BYTES + 3 * Integer.BYTES;
  }

  /**
   * Bytes of this class's arrays, counted from their lengths (see {@link Machine#footprintBytes}).
   */
  public long footprintBytes() {
    return Footprint.of(content)
        + Footprint.of(flags)
        + Footprint.of(owner)
        + Footprint.of(ownerIndex);
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
      flags[f] |= F_KERNEL;
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
    return content[frame];
  }

  public void setContent(int frame, long token) {
    content[frame] = token;
  }

  /** Marks a frame in use by an object page; content is left for the caller to fill. */
  public void claim(int frame, int ownerId, int index) {
    if ((flags[frame] & (F_IN_USE | F_KERNEL)) != 0) {
      throw new IllegalStateException("frame " + frame + " is already in use");
    }
    flags[frame] |= F_IN_USE;
    owner[frame] = ownerId;
    ownerIndex[frame] = index;
    inUse++;
  }

  /** Returns a frame to "not in use"; its content is forgotten. */
  public void release(int frame) {
    if ((flags[frame] & F_IN_USE) == 0) {
      throw new IllegalStateException("frame " + frame + " is not in use");
    }
    flags[frame] = flags[frame] & F_KERNEL;
    owner[frame] = NO_OWNER;
    ownerIndex[frame] = 0;
    content[frame] = 0;
    inUse--;
  }

  public boolean inUse(int frame) {
    return (flags[frame] & F_IN_USE) != 0;
  }

  public boolean isKernel(int frame) {
    return (flags[frame] & F_KERNEL) != 0;
  }

  public int flags(int frame) {
    return flags[frame];
  }

  public void setFlag(int frame, int flag) {
    flags[frame] |= flag;
  }

  public void clearFlag(int frame, int flag) {
    flags[frame] &= ~flag;
  }

  public boolean hasFlag(int frame, int flag) {
    return (flags[frame] & flag) != 0;
  }

  public int owner(int frame) {
    return owner[frame];
  }

  public int ownerIndex(int frame) {
    return ownerIndex[frame];
  }

  public void setOwner(int frame, int ownerId, int index) {
    owner[frame] = ownerId;
    ownerIndex[frame] = index;
  }
}
