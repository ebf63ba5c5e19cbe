package org.vmcompare.reports.stats;

import java.util.Locale;
import java.util.Objects;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * How variant {@code b} differs from variant {@code a} on one metric across seeds: the difference
 * of the means, the test's p-value, and plain words. A p-value is NaN when no test can be made
 * (fewer than two seeds on a side) and the words say why rather than print a number that means
 * nothing.
 *
 * @param difference {@code mean(b) - mean(a)}
 * @param p the two-sided p-value, or NaN when untested
 */
public record Comparison(SignificanceTest test, Summary a, Summary b, double difference, double p) {
  /** Below this p-value a difference is called significant. */
  public static final double ALPHA = 0.05;

  public Comparison {
    Objects.requireNonNull(test, "test is null");
    Objects.requireNonNull(a, "a is null");
    Objects.requireNonNull(b, "b is null");
  }

  /** Compares the finished runs' values of two variants with the given test. */
  public static Comparison of(SignificanceTest test, double[] a, double[] b) {
    double[] x = Summary.finite(a);
    double[] y = Summary.finite(b);
    Summary sa = Summary.of(x);
    Summary sb = Summary.of(y);
    double diff = sb.mean() - sa.mean();
    double p = Double.NaN;
    if (x.length >= 2 && y.length >= 2) {
      if (sa.sd() == 0 && sb.sd() == 0) {
        // No spread on either side: the t statistic is 0/0 or infinite; the seeds agree exactly.
        p = diff == 0 ? 1 : 0;
      } else {
        p =
            test == SignificanceTest.WELCH
                ? new TTest().tTest(x, y)
                : new MannWhitneyUTest().mannWhitneyUTest(x, y);
      }
    }
    return new Comparison(test, sa, sb, diff, p);
  }

  /** Whether a test could be made at all. */
  public boolean tested() {
    return !Double.isNaN(p);
  }

  /** Whether the difference is significant at {@link #ALPHA}. */
  public boolean significant() {
    return tested() && p < ALPHA;
  }

  /** The difference relative to {@code a}'s mean, in percent; NaN when {@code a}'s mean is 0. */
  public double relative() {
    return a.mean() == 0 ? Double.NaN : 100 * difference / a.mean();
  }

  /**
   * The verdict in words, for a metric called {@code metric}, from {@code b}'s side: "12.5% more
   * faults (p = 0.003, Welch's t-test)", "no significant difference (p = 0.41)", or why there is no
   * test.
   */
  public String words(String metric) {
    return words(metric, true);
  }

  /**
   * The verdict in words; {@code countable} says "more"/"fewer" (faults), otherwise
   * "higher"/"lower" (a rate, a time, an amount of memory).
   */
  public String words(String metric, boolean countable) {
    if (a.n() == 0 || b.n() == 0) {
      return "no finished run to compare";
    }
    if (!tested()) {
      return "not tested: a test needs at least 2 seeds per system (try --seeds 5)";
    }
    String pv = pValue();
    if (!significant()) {
      return "no significant difference (" + pv + ")";
    }
    String how = difference > 0 ? (countable ? "more" : "higher") : (countable ? "fewer" : "lower");
    double rel = relative();
    String amount =
        Double.isNaN(rel)
            ? String.format(Locale.ROOT, "%,.1f %s", Math.abs(difference), how)
            : String.format(Locale.ROOT, "%.1f%% %s", Math.abs(rel), how);
    return amount + " " + metric + " (" + pv + ", " + test.title() + ")";
  }

  /** "p = 0.031", or "p < 0.001" for the smallest (and for seeds that differ without spread). */
  public String pValue() {
    if (!tested()) {
      return "untested";
    }
    if (p < 0.001) {
      return "p < 0.001";
    }
    return String.format(Locale.ROOT, "p = %.3f", p);
  }
}
