package org.vmcompare.engine;

/**
 * A process's stream of memory references, produced in batches into a caller-owned buffer so the
 * reference loop allocates nothing. A reference is a virtual address with {@link #WRITE} set for
 * writes (user addresses never use bit 63).
 */
interface RefStream extends AutoCloseable {
  long WRITE = 1L << 63;

  /** Fills up to {@code max} references from index 0; returns how many, 0 at the end. */
  int fill(long[] buf, int max);

  /** How compressible the data this stream writes is (a token's low byte, 0..255). */
  default int compressByte() {
    return 128;
  }

  @Override
  default void close() {}
}
