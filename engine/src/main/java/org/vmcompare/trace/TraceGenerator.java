package org.vmcompare.trace;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.vmcompare.pattern.AccessPattern;

/**
 * Generates synthetic traces from an {@link AccessPattern}.
 *
 * <p>It exists so that experiments can use large, exactly reproducible traces: the same pattern,
 * count, seed and write fraction always give the same bytes. Pages and read/write choices come from
 * two independent streams split from the seed, so changing the write fraction does not change which
 * pages are referenced.
 */
public final class TraceGenerator {
  private static final int CHUNK = 1 << 16;

  private TraceGenerator() {}

  /**
   * Writes {@code references} records drawn from {@code pattern} to {@code out}.
   *
   * @param writeFraction probability in [0, 1] that a reference is a write
   * @param progress called with the number of records written after each chunk of 65,536, or null
   * @return the number of records written
   */
  public static long generate(
      AccessPattern pattern,
      long references,
      long seed,
      double writeFraction,
      BinaryTraceWriter out,
      LongConsumer progress) {
    Objects.requireNonNull(pattern, "pattern is null");
    Objects.requireNonNull(out, "out is null");
    if (references < 0) {
      throw new IllegalArgumentException("references must be >= 0, got " + references);
    }
    if (!(writeFraction >= 0 && writeFraction <= 1)) {
      throw new IllegalArgumentException("write fraction must be in [0, 1], got " + writeFraction);
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom pages = root.split();
    SplittableRandom writes = root.split();
    long[] buf = new long[CHUNK];
    long done = 0;
    while (done < references) {
      int n = (int) Math.min(CHUNK, references - done);
      for (int i = 0; i < n; i++) {
        long page = pattern.next(pages);
        boolean write = writeFraction > 0 && writes.nextDouble() < writeFraction;
        buf[i] = write ? page | TraceRecord.WRITE_BIT : page;
      }
      out.write(buf, 0, n);
      done += n;
      if (progress != null) {
        progress.accept(done);
      }
    }
    return done;
  }

  /**
   * {@link #generate(AccessPattern, long, long, double, BinaryTraceWriter, LongConsumer)} silently.
   */
  public static long generate(
      AccessPattern pattern,
      long references,
      long seed,
      double writeFraction,
      BinaryTraceWriter out) {
    return generate(pattern, references, seed, writeFraction, out, null);
  }

  /**
   * The same references {@link #generate} writes, in memory: for benchmarks and tests that want the
   * trace without a file.
   */
  public static long[] generateArray(
      AccessPattern pattern, int references, long seed, double writeFraction) {
    Objects.requireNonNull(pattern, "pattern is null");
    if (references < 0) {
      throw new IllegalArgumentException("references must be >= 0, got " + references);
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom pages = root.split();
    SplittableRandom writes = root.split();
    long[] out = new long[references];
    for (int i = 0; i < references; i++) {
      long page = pattern.next(pages);
      boolean write = writeFraction > 0 && writes.nextDouble() < writeFraction;
      out[i] = write ? page | TraceRecord.WRITE_BIT : page;
    }
    return out;
  }
}
