package org.vmcompare.engine;

import java.util.List;
import java.util.SplittableRandom;

/** An inline page list from the experiment file (a lecture's reference string). */
final class ArrayStream implements RefStream {
  private final long[] pages;
  private final long base;
  private final long minPage;
  private final int pageShift;
  private final double writes;
  private final SplittableRandom random;
  private int pos;

  ArrayStream(
      List<Long> pages,
      long base,
      long minPage,
      int pageShift,
      double writes,
      SplittableRandom random) {
    this.pages = pages.stream().mapToLong(Long::longValue).toArray();
    this.base = base;
    this.minPage = minPage;
    this.pageShift = pageShift;
    this.writes = writes;
    this.random = random;
  }

  @Override
  public int fill(long[] buf, int max) {
    int n = Math.min(max, pages.length - pos);
    for (int i = 0; i < n; i++) {
      long addr = base + ((pages[pos++] - minPage) << pageShift);
      if (writes > 0 && random.nextDouble() < writes) {
        addr |= WRITE;
      }
      buf[i] = addr;
    }
    return n;
  }
}
