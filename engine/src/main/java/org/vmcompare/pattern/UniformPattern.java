package org.vmcompare.pattern;

import java.util.SplittableRandom;

/** Every page equally likely: no locality at all, the case where every policy is as bad. */
final class UniformPattern implements AccessPattern {
  private final long pages;

  UniformPattern(long pages) {
    this.pages = AccessPatterns.checkPages(pages);
  }

  @Override
  public long next(SplittableRandom rnd) {
    return rnd.nextLong(pages);
  }

  @Override
  public long pages() {
    return pages;
  }

  @Override
  public String describe() {
    return "random";
  }
}
