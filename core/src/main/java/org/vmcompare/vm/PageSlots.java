package org.vmcompare.vm;

import java.util.Arrays;

/**
 * A sparse {@code long} per page of a memory object, allocated in chunks only where touched, so a
 * reserved terabyte costs nothing until used. What a slot means is the OS model's choice: a frame
 * with flags, a swap slot, a compressor handle, a prototype PTE.
 */
public final class PageSlots {
  private static final int CHUNK_SHIFT = 10;
  private static final int CHUNK = 1 << CHUNK_SHIFT;

  private long[][] chunks = new long[4][];

  public long get(long index) {
    int c = (int) (index >>> CHUNK_SHIFT);
    if (c >= chunks.length) {
      return 0;
    }
    long[] chunk = chunks[c];
    return chunk == null ? 0 : chunk[(int) (index & (CHUNK - 1))];
  }

  public void set(long index, long value) {
    int c = (int) (index >>> CHUNK_SHIFT);
    if (c >= chunks.length) {
      if (value == 0) {
        return;
      }
      chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
    }
    long[] chunk = chunks[c];
    if (chunk == null) {
      if (value == 0) {
        return;
      }
      chunk = new long[CHUNK];
      chunks[c] = chunk;
    }
    chunk[(int) (index & (CHUNK - 1))] = value;
  }

  /** Calls the visitor for every non-zero slot in index order. */
  public void forEachNonZero(SlotVisitor visitor) {
    for (int c = 0; c < chunks.length; c++) {
      long[] chunk = chunks[c];
      if (chunk == null) {
        continue;
      }
      for (int i = 0; i < CHUNK; i++) {
        if (chunk[i] != 0) {
          visitor.visit(((long) c << CHUNK_SHIFT) | i, chunk[i]);
        }
      }
    }
  }

  /** Visits a slot. */
  @FunctionalInterface
  public interface SlotVisitor {
    void visit(long index, long value);
  }
}
