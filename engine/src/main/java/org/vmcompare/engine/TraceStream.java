package org.vmcompare.engine;

import java.util.SplittableRandom;
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
  private final int pageShift;
  private final double writes;
  private final SplittableRandom random;

  TraceStream(
      TraceReader reader,
      long base,
      long minPage,
      int pageShift,
      double writes,
      SplittableRandom random) {
    this.reader = reader;
    this.base = base;
    this.minPage = minPage;
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
      long addr = base + ((TraceRecord.page(rec) - minPage) << pageShift);
      if (TraceRecord.isWrite(rec) || (writes > 0 && random.nextDouble() < writes)) {
        addr |= WRITE;
      }
      buf[n++] = addr;
    }
    return n;
  }

  @Override
  public void close() {
    reader.close();
  }
}
