package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.common.InputError;

final class TextbookCommandTest {
  @TempDir Path dir;

  private Path belady() throws IOException {
    Path file = dir.resolve("belady.pages");
    Files.writeString(file, "3\n2\n1\n0\n3\n2\n4\n3\n2\n1\n0\n4\n");
    return file;
  }

  @ParameterizedTest(name = "{0} with {1} frames")
  @CsvSource({"FIFO,3,3,9", "FIFO,4,2,10", "LRU,3,2,10", "LRU,4,4,8", "OPT,3,5,7", "OPT,4,6,6"})
  void beladyString_finalLine_matchesOracle(String policy, int frames, int hits, int misses)
      throws IOException {
    CliRun run =
        CliRun.of(
            new TextbookCommand(),
            "--trace",
            belady().toString(),
            "--policy",
            policy,
            "--frames",
            Integer.toString(frames));
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).hasSize(1);
    assertThat(run.lastOutLine())
        .isEqualTo(
            "FINAL policy="
                + policy
                + " frames="
                + frames
                + " references=12 hits="
                + hits
                + " misses="
                + misses);
    assertThat(run.err()).startsWith("loop: 12 refs in ");
  }

  @Test
  void steps_oneLinePerReferenceLikePagingPolicyPy() throws IOException {
    CliRun run =
        CliRun.of(
            new TextbookCommand(),
            "--trace",
            belady().toString(),
            "--policy",
            "fifo",
            "--frames",
            "3",
            "--steps");
    String[] lines = run.outLines();
    assertThat(lines).hasSize(13);
    assertThat(lines[0])
        .isEqualTo(
            "Access: 3  MISS FirstIn ->          [3] <- Lastin  Replaced:- [Hits:0 Misses:1]");
    assertThat(lines[3])
        .isEqualTo(
            "Access: 0  MISS FirstIn ->    [2, 1, 0] <- Lastin  Replaced:3 [Hits:0 Misses:4]");
    assertThat(lines[7])
        .isEqualTo(
            "Access: 3  HIT  FirstIn ->    [3, 2, 4] <- Lastin  Replaced:- [Hits:1 Misses:7]");
    assertThat(lines[12]).isEqualTo("FINAL policy=FIFO frames=3 references=12 hits=3 misses=9");
  }

  @Test
  void steps_lru_labelsLeastAndMostRecent() throws IOException {
    CliRun run =
        CliRun.of(
            new TextbookCommand(),
            "--trace",
            belady().toString(),
            "--policy",
            "LRU",
            "--frames",
            "3",
            "--steps");
    assertThat(run.outLines()[7])
        .isEqualTo("Access: 3  HIT  LRU ->    [2, 4, 3] <- MRU Replaced:- [Hits:1 Misses:7]");
  }

  @Test
  void writesInTrace_areReferencesLikeReads() throws IOException {
    Path file = dir.resolve("rw.addr");
    Files.writeString(file, "0x1000 W\n0x1008 R\n0x2000 W\n0x1fff\n");
    CliRun run =
        CliRun.of(
            new TextbookCommand(),
            "--trace",
            file.toString(),
            "--policy",
            "CLOCK",
            "--frames",
            "1");
    assertThat(run.lastOutLine())
        .isEqualTo("FINAL policy=CLOCK frames=1 references=4 hits=1 misses=3");
  }

  @Test
  void random_seedOption_isDeterministic() throws IOException {
    Path file = dir.resolve("r.pages");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append((i * 7919L) % 97).append('\n');
    }
    Files.writeString(file, sb);
    String[] args = {"--trace", file.toString(), "--policy", "RANDOM", "--frames", "20", "--seed"};
    String a = CliRun.of(new TextbookCommand(), concat(args, "7")).lastOutLine();
    String b = CliRun.of(new TextbookCommand(), concat(args, "7")).lastOutLine();
    assertThat(a).isEqualTo(b).startsWith("FINAL policy=RANDOM frames=20 references=5000 ");
  }

  private static String[] concat(String[] a, String last) {
    String[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = last;
    return out;
  }

  @Test
  void unknownPolicy_isAnInputErrorListingPolicies() throws IOException {
    String trace = belady().toString();
    assertThatThrownBy(
            () ->
                CliRun.call(
                    new TextbookCommand(), "--trace", trace, "--policy", "MRU", "--frames", "3"))
        .isInstanceOf(InputError.class)
        .hasMessage(
            "--policy: unknown replacement policy 'MRU'; valid policies: FIFO, LRU, CLOCK, OPT,"
                + " RANDOM");
  }

  @Test
  void badFrames_isAnInputError() throws IOException {
    String trace = belady().toString();
    assertThatThrownBy(
            () ->
                CliRun.call(
                    new TextbookCommand(), "--trace", trace, "--policy", "LRU", "--frames", "0"))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith("--frames: must be between 1 and");
  }

  @Test
  void malformedTrace_isAnInputErrorWithLine() throws IOException {
    Path file = dir.resolve("bad.pages");
    Files.writeString(file, "1\n2\nthree\n");
    assertThatThrownBy(
            () ->
                CliRun.call(
                    new TextbookCommand(),
                    "--trace",
                    file.toString(),
                    "--policy",
                    "LRU",
                    "--frames",
                    "3"))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith(file + ":3: expected one page number");
  }

  @Test
  void missingRequiredOption_isAParameterError() {
    CliRun run = CliRun.of(new TextbookCommand(), "--policy", "LRU");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required options");
  }

  @Test
  void help_showsAnExample() {
    CliRun run = CliRun.of(new TextbookCommand(), "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Examples:").contains("vmcompare textbook --trace");
  }
}
