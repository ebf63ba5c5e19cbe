package org.vmcompare.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class AccessPatternsTest {
  private static long[] sample(AccessPattern p, long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return LongStream.range(0, n).map(i -> p.next(rnd)).toArray();
  }

  /** Generalised harmonic number H(n, s) = sum over k = 1..n of 1/k^s. */
  private static double harmonic(long n, double s) {
    double h = 0;
    for (long k = n; k >= 1; k--) {
      h += Math.pow(k, -s);
    }
    return h;
  }

  @ParameterizedTest(name = "zipf:{1} over {0} pages")
  @CsvSource({"1000000,0.9", "1000000,1.0", "1000,1.5", "50,0.5"})
  void zipf_rankFrequencies_matchAnalyticalDistribution(long pages, double s) {
    int n = 200_000;
    long[] samples = sample(AccessPatterns.parse("zipf:" + s, pages), 42, n);
    double h = harmonic(pages, s);
    for (int rank = 0; rank < 3; rank++) {
      final int r = rank;
      double expected = Math.pow(rank + 1, -s) / h;
      double observed = (double) LongStream.of(samples).filter(x -> x == r).count() / n;
      double sigma = Math.sqrt(expected * (1 - expected) / n);
      // 5 sigma: a uniform sampler, or one using s +/- 0.1, is off by far more than this.
      assertThat(observed).as("frequency of rank %d", rank).isCloseTo(expected, within(5 * sigma));
    }
    assertThat(LongStream.of(samples).min().getAsLong()).isGreaterThanOrEqualTo(0);
    assertThat(LongStream.of(samples).max().getAsLong()).isLessThan(pages);
  }

  @Test
  void zipf_wrongExponent_wouldBeDetectedByTheTolerance() {
    // Guards the test above: the rank-0 frequency of zipf:0.9 must be outside the 5-sigma band
    // of zipf:1.0 and of zipf:0.8 over the same pages.
    long pages = 1_000_000;
    int n = 200_000;
    long[] samples = sample(AccessPatterns.parse("zipf:0.9", pages), 42, n);
    double observed = (double) LongStream.of(samples).filter(x -> x == 0).count() / n;
    for (double other : new double[] {0.8, 1.0}) {
      double expected = 1 / harmonic(pages, other);
      double sigma = Math.sqrt(expected * (1 - expected) / n);
      assertThat(Math.abs(observed - expected)).isGreaterThan(5 * sigma);
    }
  }

  @Test
  void zipf_millionPages_reachesTheTail() {
    long[] samples = sample(AccessPatterns.parse("zipf:0.9", 1_000_000), 7, 200_000);
    assertThat(LongStream.of(samples).max().getAsLong()).isGreaterThan(500_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"sequential", "random", "zipf:0.9", "loop:100", "stride:3", "hot-cold:0.2:0.8"})
  void everyPattern_sameSeed_sameSequence(String spec) {
    assertThat(sample(AccessPatterns.parse(spec, 1000), 9, 5000))
        .containsExactly(sample(AccessPatterns.parse(spec, 1000), 9, 5000));
    long[] samples = sample(AccessPatterns.parse(spec, 1000), 9, 5000);
    assertThat(LongStream.of(samples).min().getAsLong()).isGreaterThanOrEqualTo(0);
    assertThat(LongStream.of(samples).max().getAsLong()).isLessThan(1000);
  }

  @Test
  void random_differentSeeds_differentSequences() {
    assertThat(sample(AccessPatterns.parse("random", 1000), 1, 100))
        .isNotEqualTo(sample(AccessPatterns.parse("random", 1000), 2, 100));
  }

  @Test
  void sequential_wrapsAfterLastPage() {
    assertThat(sample(AccessPatterns.parse("sequential", 3), 0, 7))
        .containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void loop_cyclesOverWorkingSet() {
    assertThat(sample(AccessPatterns.parse("loop:3", 100), 0, 7))
        .containsExactly(0, 1, 2, 0, 1, 2, 0);
    assertThat(AccessPatterns.parse("loop:1k", 100_000).describe()).isEqualTo("loop:1000");
  }

  @Test
  void stride_stepsModuloPages() {
    assertThat(sample(AccessPatterns.parse("stride:4", 10), 0, 6))
        .containsExactly(0, 4, 8, 2, 6, 0);
  }

  @Test
  void hotCold_hotSetGetsItsShare() {
    int n = 100_000;
    long[] samples = sample(AccessPatterns.parse("hot-cold:0.2:0.8", 1000), 3, n);
    double hot = (double) LongStream.of(samples).filter(x -> x < 200).count() / n;
    assertThat(hot).isCloseTo(0.8, within(0.01));
    assertThat(LongStream.of(samples).filter(x -> x >= 200).distinct().count()).isEqualTo(800);
  }

  @Test
  void uniform_coversPagesEvenly() {
    int n = 100_000;
    long[] samples = sample(AccessPatterns.parse("random", 10), 3, n);
    for (long page = 0; page < 10; page++) {
      final long p = page;
      assertThat((double) LongStream.of(samples).filter(x -> x == p).count() / n)
          .isCloseTo(0.1, within(0.005));
    }
  }

  @Test
  void parse_unknownName_listsValidPatterns() {
    assertThatThrownBy(() -> AccessPatterns.parse("gaussian", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gaussian")
        .hasMessageContaining("sequential, random, zipf:S, loop:W, stride:N, hot-cold:F:P");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "zipf",
        "zipf:x",
        "zipf:0",
        "zipf:-1",
        "loop:0",
        "stride:abc",
        "hot-cold:0.2",
        "hot-cold:2:0.5",
        "sequential:3"
      })
  void parse_badParameters_areRejected(String spec) {
    assertThatThrownBy(() -> AccessPatterns.parse(spec, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_zeroPages_isRejected() {
    assertThatThrownBy(() -> AccessPatterns.parse("random", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 page");
  }
}
