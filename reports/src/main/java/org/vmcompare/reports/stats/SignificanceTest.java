package org.vmcompare.reports.stats;

/**
 * Which test compares two variants. Welch's t-test is the default: it does not assume equal
 * variances, which two different memory managers rarely have. Mann-Whitney U compares ranks, for
 * skewed metrics such as kills or major faults that are zero in most seeds.
 */
public enum SignificanceTest {
  WELCH("Welch's t-test"),
  MANN_WHITNEY("Mann-Whitney U");

  private final String title;

  SignificanceTest(String title) {
    this.title = title;
  }

  /** The test's name, as reports print it. */
  public String title() {
    return title;
  }
}
