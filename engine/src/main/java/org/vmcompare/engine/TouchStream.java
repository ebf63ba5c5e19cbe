package org.vmcompare.engine;

import java.util.SplittableRandom;
import org.vmcompare.pattern.AccessPattern;
import org.vmcompare.vm.Tokens;

/** References over a region following an access pattern, with a write fraction. */
final class TouchStream implements RefStream {
  private final AccessPattern pattern;
  private final SplittableRandom random;
  private final long baseAddress;
  private final int pageShift;
  private final double writes;
  private long remaining;
  private final int compressByte;

  TouchStream(
      AccessPattern pattern,
      SplittableRandom random,
      long baseAddress,
      int pageShift,
      long count,
      double writes,
      double compressibility) {
    this.compressByte = Tokens.compressByte(compressibility);
    this.pattern = pattern;
    this.random = random;
    this.baseAddress = baseAddress;
    this.pageShift = pageShift;
    this.remaining = count;
    this.writes = writes;
  }

  @Override
  public int compressByte() {
    return compressByte;
  }

  @Override
  public int fill(long[] buf, int max) {
    int n = (int) Math.min(max, remaining);
    for (int i = 0; i < n; i++) {
      long addr = baseAddress + (pattern.next(random) << pageShift);
      if (writes > 0 && (writes >= 1 || random.nextDouble() < writes)) {
        addr |= WRITE;
      }
      buf[i] = addr;
    }
    remaining -= n;
    return n;
  }
}
