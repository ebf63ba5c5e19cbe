package org.vmcompare.engine;

import java.util.SplittableRandom;
import org.vmcompare.common.InputError;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceRecord;

/**
 * Replays trace records into a region: trace page {@code p} is referenced at {@code base + (p −
 * minPage) pages}. Records marked as writes write; otherwise a write fraction may turn reads into
 * writes (for page-number traces, which carry no read/write information).
 */
final class TraceStream implements RefStream {
  private final TraceReader reader;
  private final long[] records = new long[8192];
  private int pos;
  private int len;
  private final long base;
  private final long minPage;

  /** How far above {@link #minPage} the trace's pages go (its region's pages less one). */
  private final long span;

  private final int pageShift;
  private final double writes;
  private final SplittableRandom random;

  TraceStream(
      TraceReader reader,
      long base,
      long minPage,
      long maxPage,
      int pageShift,
      double writes,
      SplittableRandom random) {
    this.reader = reader;
    this.base = base;
    this.minPage = minPage;
    this.span = maxPage - minPage;
    this.pageShift = pageShift;
    this.writes = writes;
    this.random = random;
  }

  @Override
  public int fill(long[] buf, int max) {
    int n = 0;
    while (n < max) {
      if (pos == len) {
        len = reader.read(records);
        pos = 0;
        if (len <= 0) {
          len = 0;
          break;
        }
      }
      long rec = records[pos++];
      long rel = TraceRecord.page(rec) - minPage;
      if (Long.compareUnsigned(rel, span) > 0) {
        throw outside(rec);
      }
      long addr = base + (rel << pageShift);
      if (TraceRecord.isWrite(rec) || (writes > 0 && random.nextDouble() < writes)) {
        addr |= WRITE;
      }
      buf[n++] = addr;
    }
    return n;
  }

  /** A record outside the page range read before the replay (a lying header, or a changed file). */
  private InputError outside(long rec) {
    return InputError.inFile(
        reader.path(),
        "record "
            + (reader.recordsRead() - len + pos)
            + " references page "
            + TraceRecord.page(rec)
            + ", outside the page range "
            + minPage
            + ".."
            + (minPage + span)
            + " its region was sized for (the range a binary trace's header gives, or a first"
            + " pass over the file found)");
  }

  @Override
  public void close() {
    reader.close();
  }
}
