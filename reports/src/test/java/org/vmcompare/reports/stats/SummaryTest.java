package org.vmcompare.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

final class SummaryTest {
  @Test
  void fiveSeeds_giveMeanSdAndStudentTInterval() {
    Summary s = Summary.of(new double[] {10, 12, 14, 16, 18});

    assertThat(s.n()).isEqualTo(5);
    assertThat(s.mean()).isEqualTo(14.0);
    assertThat(s.sd()).isCloseTo(3.1623, within(1e-4));
    // t(0.975, 4) = 2.7764; 2.7764 * 3.1623 / sqrt(5) = 3.9264
    assertThat(s.halfWidth()).isCloseTo(3.9264, within(1e-4));
    assertThat(s.min()).isEqualTo(10);
    assertThat(s.max()).isEqualTo(18);
  }

  @Test
  void oneSeed_hasNoInterval() {
    Summary s = Summary.of(new double[] {7});

    assertThat(s.hasInterval()).isFalse();
    assertThat(s.mean()).isEqualTo(7);
    assertThat(s.halfWidth()).isNaN();
  }

  @Test
  void unfinishedRuns_areLeftOut() {
    Summary s = Summary.of(new double[] {Double.NaN, 4, 6});

    assertThat(s.n()).isEqualTo(2);
    assertThat(s.mean()).isEqualTo(5);
  }
}
