package org.vmcompare.reports.stats;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * One metric over the seeds of one system variant: how many values, their mean, standard deviation,
 * the 95% confidence interval of the mean (Student's t, because a handful of seeds is the usual
 * case), minimum and maximum. With one value there is no spread and so no interval: {@link #sd()}
 * and the interval are NaN, and {@link #hasInterval()} says so.
 */
public record Summary(
    int n, double mean, double sd, double ciLow, double ciHigh, double min, double max) {
  /** The confidence level of {@link #ciLow()}..{@link #ciHigh()}. */
  public static final double LEVEL = 0.95;

  /** The summary of these values; NaN values (runs that did not finish) are left out. */
  public static Summary of(double[] values) {
    Objects.requireNonNull(values, "values is null");
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    if (v.length == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    DescriptiveStatistics s = new DescriptiveStatistics(v);
    double mean = s.getMean();
    if (v.length == 1) {
      return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN, mean, mean);
    }
    double sd = s.getStandardDeviation();
    double t = new TDistribution(v.length - 1).inverseCumulativeProbability(0.5 + LEVEL / 2);
    double half = t * sd / Math.sqrt(v.length);
    return new Summary(v.length, mean, sd, mean - half, mean + half, s.getMin(), s.getMax());
  }

  /** Whether an interval could be given: at least two values. */
  public boolean hasInterval() {
    return n >= 2;
  }

  /** Half the width of the interval (the "±" figure), NaN without one. */
  public double halfWidth() {
    return hasInterval() ? (ciHigh - ciLow) / 2 : Double.NaN;
  }

  /** The values of the finished runs only: NaN (no value) is what an unfinished run contributes. */
  static double[] finite(double[] values) {
    return Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
  }
}
