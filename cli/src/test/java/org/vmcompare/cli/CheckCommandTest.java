package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class CheckCommandTest {
  @TempDir Path dir;

  private static RunCommandTest.Result run(String... args) {
    return RunCommandTest.run(args);
  }

  @Test
  void everyImplementedSystem_fewTries_exitsZero_withASummaryPerInvariant() {
    RunCommandTest.Result r = run("check", "--tries", "20", "--seed", "3");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(
            "vmcompare check: linux, macos, textbook, windows; 20 tries from seed 3, 80 checked"
                + " runs")
        .contains(
            "data integrity               linux: 20 ok, macos: 20 ok, textbook: 20 ok, windows: 20"
                + " ok")
        .contains(
            "TLB coherence                linux: 20 ok, macos: 20 ok, textbook: 20 ok, windows: 20"
                + " ok")
        .contains("stack property               textbook: 20 ok")
        .doesNotContain("--max-seconds");
  }

  @Test
  void timeLimitEndsTheTries_saysSo() {
    RunCommandTest.Result r =
        run("check", "--systems", "textbook", "--tries", "100000000", "--max-seconds", "2");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("(--max-seconds 2 ended the tries before the 100000000 asked for)");
  }

  @Test
  void plantedFault_exitsOne_withTheReproYaml_whichReplaysTheSameWay() throws Exception {
    Path repro = dir.resolve("repro.yaml");

    RunCommandTest.Result r =
        run(
            "check",
            "--systems",
            "textbook",
            "--tries",
            "200",
            "--inject",
            "stale-tlb-on-unmap",
            "--repro",
            repro.toString());

    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("TLB coherence                BROKEN on textbook")
        .contains("broken: TLB coherence broken on textbook")
        .contains("# vmcompare check: TLB coherence broken");
    String yaml = Files.readString(repro);
    assertThat(r.out()).contains(yaml);

    RunCommandTest.Result replayed =
        run("check", repro.toString(), "--inject", "stale-tlb-on-unmap");
    RunCommandTest.Result clean = run("check", repro.toString());
    RunCommandTest.Result plainRun = run("run", repro.toString());

    assertThat(replayed.exit()).isEqualTo(1);
    assertThat(replayed.out())
        .contains(yaml.lines().skip(2).findFirst().orElseThrow().substring(12));
    assertThat(clean.exit()).as(clean.out()).isZero();
    assertThat(plainRun.exit()).as(plainRun.err()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--tries 0                       | --tries: must be at least 1, got 0",
        "--max-seconds -1                | --max-seconds: must not be negative",
        "--shrink-seconds -1             | --shrink-seconds: must not be negative",
        "--threads 0                     | --threads: must be at least 1, got 0",
        "--systems nosuch                | unknown system 'nosuch'",
        "--systems textbook --inject bad | no system checked plants 'bad'; they offer: stale-tlb-on-unmap",
        "--seed x                        | Invalid value for option '--seed'",
      })
  void badInput_exitsTwo_sayingWhy(String args, String message) {
    RunCommandTest.Result r = run(("check " + args).split(" "));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }
}
