package org.vmcompare.pattern;

import java.util.SplittableRandom;

/** Pages 0, 1, 2, ... wrapping to 0 after the last: a streaming scan, the bane of LRU. */
final class SequentialPattern implements AccessPattern {
  private final long pages;
  private long position;

  SequentialPattern(long pages) {
    this.pages = AccessPatterns.checkPages(pages);
  }

  @Override
  public long next(SplittableRandom rnd) {
    long page = position;
    position = page + 1 == pages ? 0 : page + 1;
    return page;
  }

  @Override
  public long pages() {
    return pages;
  }

  @Override
  public String describe() {
    return "sequential";
  }
}
