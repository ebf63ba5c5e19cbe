package org.vmcompare.pattern;

import java.util.SplittableRandom;

/**
 * Zipf-distributed ranks: page {@code k} (0-based) is referenced with probability proportional to
 * {@code 1/(k+1)^s}, so page 0 is the most popular.
 *
 * <p>Sampling uses the rejection-inversion method of W. Hörmann and G. Derflinger, "Rejection-
 * inversion to generate variates from monotone discrete distributions" (ACM TOMACS 6(3), 1996):
 * O(1) expected time per sample and O(1) memory whatever the number of pages, so a million-page
 * zipf costs no table. Rank r maps to page r - 1 with no scattering, which keeps the hot pages easy
 * to recognise in a trace.
 */
final class ZipfPattern implements AccessPattern {
  private final long pages;
  private final double exponent;
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double s;

  ZipfPattern(long pages, double exponent) {
    this.pages = AccessPatterns.checkPages(pages);
    this.exponent = exponent;
    this.hIntegralX1 = hIntegral(1.5) - 1.0;
    this.hIntegralN = hIntegral(pages + 0.5);
    this.s = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
  }

  @Override
  public long next(SplittableRandom rnd) {
    return sampleRank(rnd) - 1;
  }

  /** A rank in [1, pages]. */
  long sampleRank(SplittableRandom rnd) {
    while (true) {
      double u = hIntegralN + rnd.nextDouble() * (hIntegralX1 - hIntegralN);
      double x = hIntegralInverse(u);
      long k = (long) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > pages) {
        k = pages;
      }
      // Accept at once when k is close to x (the squeeze), otherwise compare with the hat.
      if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
        return k;
      }
    }
  }

  @Override
  public long pages() {
    return pages;
  }

  @Override
  public String describe() {
    return "zipf:" + exponent;
  }

  /** {@code H(x) = ((x)^(1-s) - 1) / (1 - s)}, or {@code log x} when s = 1: the hat's integral. */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return helper2((1.0 - exponent) * logX) * logX;
  }

  /** {@code h(x) = 1/x^s}. */
  private double h(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  /** Inverse of {@link #hIntegral}. */
  private double hIntegralInverse(double x) {
    double t = x * (1.0 - exponent);
    if (t < -1.0) {
      // Rounding can push t just below -1, where log1p is undefined.
      t = -1.0;
    }
    return Math.exp(helper1(t) * x);
  }

  /** {@code log(1 + x) / x}, accurate near 0. */
  private static double helper1(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.log1p(x) / x;
    }
    return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }

  /** {@code (exp(x) - 1) / x}, accurate near 0. */
  private static double helper2(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.expm1(x) / x;
    }
    return 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
  }
}
