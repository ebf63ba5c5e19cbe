package org.vmcompare.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

final class ComparisonTest {
  @Test
  void welch_clearDifference_isSignificantAndSaysMore() {
    Comparison c =
        Comparison.of(
            SignificanceTest.WELCH,
            new double[] {100, 102, 98, 101},
            new double[] {150, 148, 152, 151});

    assertThat(c.significant()).isTrue();
    assertThat(c.difference()).isEqualTo(50.0); // 150.25 - 100.25
    assertThat(c.words("faults")).startsWith("49.9% more faults (p < 0.001, Welch's t-test");
  }

  @Test
  void welch_matchesTheTextbookValue() {
    // As SciPy's ttest_ind(a, b, equal_var=False) gives: t = -3.9667, df = 5.99, p = 0.007411.
    Comparison c =
        Comparison.of(
            SignificanceTest.WELCH,
            new double[] {19.8, 20.4, 19.6, 17.8, 18.5, 18.9},
            new double[] {28.2, 26.6, 20.1, 23.3, 25.2, 22.1});

    assertThat(c.p()).isCloseTo(0.007411, within(1e-5));
  }

  @Test
  void overlappingSamples_sayNoSignificantDifference() {
    Comparison c =
        Comparison.of(SignificanceTest.WELCH, new double[] {10, 20, 30}, new double[] {12, 22, 28});

    assertThat(c.significant()).isFalse();
    assertThat(c.words("faults")).startsWith("no significant difference (p = ");
  }

  @Test
  void oneSeed_isNotTested_andSaysWhy() {
    Comparison c = Comparison.of(SignificanceTest.WELCH, new double[] {10}, new double[] {12});

    assertThat(c.tested()).isFalse();
    assertThat(c.words("faults")).contains("at least 2 seeds");
  }

  @Test
  void mannWhitney_onRequest_namesItself() {
    Comparison c =
        Comparison.of(
            SignificanceTest.MANN_WHITNEY,
            new double[] {1, 2, 3, 4, 5, 6, 7, 8},
            new double[] {11, 12, 13, 14, 15, 16, 17, 18});

    assertThat(c.significant()).isTrue();
    assertThat(c.words("faults")).contains("Mann-Whitney U");
  }

  @Test
  void noSpreadOnEitherSide_equalMeans_isNoDifference() {
    Comparison c =
        Comparison.of(SignificanceTest.WELCH, new double[] {9, 9, 9}, new double[] {9, 9, 9});

    assertThat(c.p()).isEqualTo(1.0);
    assertThat(c.words("faults")).startsWith("no significant difference");
  }
}
