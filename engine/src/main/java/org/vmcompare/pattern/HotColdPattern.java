package org.vmcompare.pattern;

import java.util.SplittableRandom;

/**
 * A hot set (the first {@code hotFraction} of the pages) receiving {@code hotProbability} of the
 * references, uniformly; the rest go uniformly to the cold pages. The usual "80/20" workload.
 */
final class HotColdPattern implements AccessPattern {
  private final long pages;
  private final double hotFraction;
  private final double hotProbability;
  private final long hotPages;

  HotColdPattern(long pages, double hotFraction, double hotProbability) {
    this.pages = AccessPatterns.checkPages(pages);
    this.hotFraction = hotFraction;
    this.hotProbability = hotProbability;
    this.hotPages = Math.max(1, Math.min(pages, Math.round(hotFraction * pages)));
  }

  long hotPages() {
    return hotPages;
  }

  @Override
  public long next(SplittableRandom rnd) {
    long coldPages = pages - hotPages;
    if (coldPages == 0 || rnd.nextDouble() < hotProbability) {
      return rnd.nextLong(hotPages);
    }
    return hotPages + rnd.nextLong(coldPages);
  }

  @Override
  public long pages() {
    return pages;
  }

  @Override
  public String describe() {
    return "hot-cold:" + hotFraction + ":" + hotProbability;
  }
}
