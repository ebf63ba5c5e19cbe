package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ValidateCommandTest {
  private static final String GOOD =
      """
      name: ok
      machine: {ram: 8MiB}
      systems:
        - os: textbook
          options: {policy: LRU, frames: 100}
        - os: textbook
          label: fifo
          options: {policy: FIFO, frames: 100}
      processes:
        - name: p
          steps:
            - allocate: {name: heap, size: 1MiB}
            - touch: {region: heap, count: 10k}
            - exit
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void validate_goodFile_printsOk_withItsSystemsAndProcesses_andExitsZero() throws Exception {
    Path good = write("good.yaml", GOOD);

    CliRun r = CliRun.of(new ValidateCommand(), good.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(good + ": ok (2 systems, 1 process)" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void validate_unknownKey_printsFileLineColumn_onStderr_andExitsTwo() throws Exception {
    Path bad = write("bad.yaml", GOOD.replace("{ram: 8MiB}", "{rma: 8MiB}"));

    CliRun r = CliRun.of(new ValidateCommand(), bad.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip())
        .startsWith("vmcompare: " + bad + ":2:11: machine.rma: unknown key")
        .contains("did you mean 'ram'?")
        .doesNotContain("\n");
  }

  @Test
  void validate_twoFilesOneBad_reportsBoth_inOrder_andExitsTwo() throws Exception {
    Path bad = write("a-bad.yaml", GOOD.replace("- exit", "- exitt"));
    Path good = write("b-good.yaml", GOOD);

    CliRun r = CliRun.of(new ValidateCommand(), bad.toString(), good.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_INPUT);
    assertThat(r.err()).startsWith("vmcompare: " + bad + ":14:").contains("did you mean 'exit'?");
    assertThat(r.out()).isEqualTo(good + ": ok (2 systems, 1 process)" + System.lineSeparator());
  }

  @Test
  void validate_missingFile_isABadFile_andTheOthersAreStillChecked() throws Exception {
    Path good = write("good.yaml", GOOD);
    Path missing = dir.resolve("missing.yaml");

    CliRun r = CliRun.of(new ValidateCommand(), missing.toString(), good.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_INPUT);
    assertThat(r.err()).startsWith("vmcompare: " + missing + ": cannot read the experiment");
    assertThat(r.out()).startsWith(good + ": ok");
  }

  @Test
  void validate_noFile_isAUsageError() {
    CliRun r = CliRun.of(new ValidateCommand());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("FILE");
  }

  @Test
  void validate_shippedConfigs_areAllOk() throws Exception {
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Path.of("../configs"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> files.add(p.toString()));
    }

    files.add(0, "--ignore-support");
    CliRun r = CliRun.of(new ValidateCommand(), files.toArray(String[]::new));
    files.remove(0);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines())
        .hasSize(files.size())
        .allSatisfy(l -> assertThat(l).contains(": ok ("));
  }

  @Test
  void validate_stepASystemDoesNotImplement_failsUnlessIgnored(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.yaml");
    Files.writeString(
        f,
        """
        name: w
        systems: [textbook]
        processes: [{name: p, steps: [{allocate: {name: m, size: 1MiB}}, drop-caches]}]
        """);

    CliRun strict = CliRun.of(new ValidateCommand(), f.toString());
    CliRun loose = CliRun.of(new ValidateCommand(), "--ignore-support", f.toString());

    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.err()).contains(":3:").contains("unsupported on textbook: drop-caches");
    assertThat(loose.exitCode()).isZero();
  }

  @Test
  void validate_help_showsAnExample() {
    assertThat(CliRun.of(new ValidateCommand(), "--help").out())
        .contains("vmcompare validate my.yaml");
  }
}
