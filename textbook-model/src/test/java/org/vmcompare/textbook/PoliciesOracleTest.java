package org.vmcompare.textbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The published oracle cases (OSTEP's paging-policy.py and independent implementations): exact miss
 * counts, cold misses included. The data is this test's own copy.
 */
final class PoliciesOracleTest {
  private static final long[] BELADY = {3, 2, 1, 0, 3, 2, 4, 3, 2, 1, 0, 4};

  static long misses(String policy, int frames, long[] trace) {
    ReplacementPolicy p = Policies.create(policy, frames, 42, trace);
    long misses = 0;
    for (long page : trace) {
      if (!p.access(page)) {
        misses++;
      }
    }
    return misses;
  }

  static long[] zipf100k() throws IOException {
    try (InputStream in =
        PoliciesOracleTest.class.getResourceAsStream("/oracles/zipf-100k.pages")) {
      assertThat(in).as("test resource oracles/zipf-100k.pages").isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return Arrays.stream(text.split("\\s+"))
          .filter(s -> !s.isEmpty())
          .mapToLong(Long::parseLong)
          .toArray();
    }
  }

  @ParameterizedTest(name = "{0} with {1} frames: {2} misses")
  @CsvSource({"FIFO,3,9", "FIFO,4,10", "LRU,3,10", "LRU,4,8", "OPT,3,7", "OPT,4,6"})
  void beladyString_policyAndFrames_missesMatchOracle(String policy, int frames, long expected) {
    assertThat(misses(policy, frames, BELADY)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with 2048 frames: {1} misses")
  @CsvSource({"FIFO,76086", "LRU,73357", "OPT,58126"})
  void zipf100k_2048Frames_missesMatchOracle(String policy, long expected) throws IOException {
    long[] trace = zipf100k();
    assertThat(trace).hasSize(100_000);
    assertThat(misses(policy, 2048, trace)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} via accessAll")
  @CsvSource({"FIFO,76086", "LRU,73357", "OPT,58126"})
  void zipf100k_accessAllInChunks_sameAsOneByOne(String policy, long expected) throws IOException {
    long[] trace = zipf100k();
    ReplacementPolicy p = Policies.create(policy, 2048, 42, trace);
    long hits = 0;
    for (int from = 0; from < trace.length; from += 999) {
      hits += p.accessAll(trace, from, Math.min(trace.length, from + 999));
    }
    assertThat(trace.length - hits).isEqualTo(expected);
  }
}
