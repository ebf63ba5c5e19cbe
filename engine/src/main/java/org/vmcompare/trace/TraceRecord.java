package org.vmcompare.trace;

/**
 * One memory reference packed in a {@code long}: bit 63 is set for a write, bits 0..62 hold the
 * page number.
 *
 * <p>It is a {@code long} and not a record object so that a trace streams through {@code long[]}
 * buffers with no allocation per reference; the same encoding is what the binary trace format
 * stores on disk.
 */
public final class TraceRecord {
  /** The bit that marks a write. */
  public static final long WRITE_BIT = 1L << 63;

  /** The bits holding the page number. */
  public static final long PAGE_MASK = ~WRITE_BIT;

  /** The largest page number a record can hold. */
  public static final long MAX_PAGE = PAGE_MASK;

  private TraceRecord() {}

  /** A reference to {@code page}, a write when {@code write} is true. */
  public static long of(long page, boolean write) {
    if (page < 0) {
      throw new IllegalArgumentException("page number must be in [0, 2^63), got " + page);
    }
    return write ? page | WRITE_BIT : page;
  }

  /** The page a record references. */
  public static long page(long record) {
    return record & PAGE_MASK;
  }

  /** Whether a record is a write. */
  public static boolean isWrite(long record) {
    return record < 0;
  }

  /** A readable form, {@code R 42} or {@code W 42}, for messages and tests. */
  public static String toString(long record) {
    return (isWrite(record) ? "W " : "R ") + page(record);
  }
}
