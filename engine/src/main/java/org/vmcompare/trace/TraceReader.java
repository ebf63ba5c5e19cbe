package org.vmcompare.trace;

import java.nio.file.Path;

/**
 * A stream of {@link TraceRecord}s read from a trace file in chunks.
 *
 * <p>It exists so that simulators consume traces of any size in constant memory and without
 * allocating per reference: the caller owns one {@code long[]} buffer and refills it. Problems with
 * the file's content or readability are reported as {@link org.vmcompare.common.InputError}s naming
 * the file (and the line, for text formats).
 */
public interface TraceReader extends AutoCloseable {
  /**
   * Fills {@code buf} from index 0 with up to {@code buf.length} records.
   *
   * @return the number of records stored, or -1 at the end of the trace (never 0 unless {@code buf}
   *     is empty)
   */
  int read(long[] buf);

  /** The number of records returned so far. */
  long recordsRead();

  /** log2 of the page size the page numbers are in (12 for 4 KiB pages). */
  int pageShift();

  /** The format being read. */
  TraceFormat format();

  /** The file being read. */
  Path path();

  /**
   * The lowest and highest page number the trace references, when the file says so without being
   * read (a binary trace written by this vmcompare), so that a replay can size its region at once;
   * null when only reading the whole trace can tell. A record outside it is the file's error, which
   * the consumer reports.
   */
  default long[] pageRange() {
    return null;
  }

  /**
   * How many records the trace holds, when that is known without reading them (a binary trace: its
   * size says), else -1.
   */
  default long recordCount() {
    return -1;
  }

  @Override
  void close();
}
