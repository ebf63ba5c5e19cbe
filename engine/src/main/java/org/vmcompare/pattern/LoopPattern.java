package org.vmcompare.pattern;

import java.util.SplittableRandom;

/**
 * Pages 0 .. W-1 over and over: a working set of W pages touched cyclically. With fewer than W
 * frames LRU and FIFO miss on every reference, which is the classic argument for OPT and CLOCK.
 */
final class LoopPattern implements AccessPattern {
  private final long pages;
  private final long workingSet;
  private long position;

  LoopPattern(long pages, long workingSet) {
    this.pages = AccessPatterns.checkPages(pages);
    this.workingSet = Math.min(workingSet, pages);
  }

  @Override
  public long next(SplittableRandom rnd) {
    long page = position;
    position = page + 1 == workingSet ? 0 : page + 1;
    return page;
  }

  @Override
  public long pages() {
    return pages;
  }

  @Override
  public String describe() {
    return "loop:" + workingSet;
  }
}
