package org.vmcompare.vm;

/**
 * Content tokens: the data integrity model of ../shared/DESIGN.md. Each write stores a fresh token;
 * zero means "zero-filled"; a file page's token is a function of the file's seed and page index, so
 * a read of an untouched file page has a known expected value.
 */
public final class Tokens {
  public static final long ZERO = 0L;

  private Tokens() {}

  /** SplitMix64 finaliser: a well-mixed, never-zero-for-practical-purposes token. */
  public static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return z == 0 ? 1 : z;
  }

  /**
   * A written page's token carrying how compressible its data is, in its low byte (0 = nothing
   * saved, 255 = everything), for compressor models; the rest of the token stays unique.
   */
  public static long withCompressibility(long token, int compressByte) {
    long t = (token & ~0xFFL) | (compressByte & 0xFFL);
    return t == 0 ? 0x100L | (compressByte & 0xFFL) : t;
  }

  /** The share of the page a compressor saves, 0..1, from a token's low byte. */
  public static double compressibility(long token) {
    return (token & 0xFF) / 255.0;
  }

  /** The low byte for a compressibility fraction. */
  public static int compressByte(double fraction) {
    return (int) Math.round(Math.max(0, Math.min(1, fraction)) * 255);
  }

  /** The original content of page {@code index} of a file whose contents seed is {@code seed}. */
  public static long filePage(long seed, long index) {
    return mix(seed ^ 0x5DEECE66DL, index);
  }
}
