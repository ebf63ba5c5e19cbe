package org.vmcompare.pattern;

import java.util.SplittableRandom;

/**
 * Pages 0, n, 2n, ... modulo the page count: a column walk over a row-major matrix, touching one
 * element per page.
 */
final class StridePattern implements AccessPattern {
  private final long pages;
  private final long stride;
  private long position;

  StridePattern(long pages, long stride) {
    this.pages = AccessPatterns.checkPages(pages);
    this.stride = stride;
  }

  @Override
  public long next(SplittableRandom rnd) {
    long page = position;
    position = (position + stride % pages) % pages;
    return page;
  }

  @Override
  public long pages() {
    return pages;
  }

  @Override
  public String describe() {
    return "stride:" + stride;
  }
}
