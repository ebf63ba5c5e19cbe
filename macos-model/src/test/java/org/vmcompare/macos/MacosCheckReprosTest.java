package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;

/**
 * The experiments {@code vmcompare check} found the macOS model's bugs with (each file's comment
 * says which), replayed in checked mode: every invariant must hold now, within a time limit, as the
 * first of them never ended.
 */
final class MacosCheckReprosTest {
  private static final Path REPROS = Path.of("src/test/resources/check");

  static Stream<String> repros() throws IOException {
    try (Stream<Path> files = Files.list(REPROS)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("repros")
  void repro_replayedInCheckedMode_endsAndHoldsEveryInvariant(String file) {
    OsRegistry registry = OsRegistry.load();
    var exp = new ExperimentLoader(registry).load(REPROS.resolve(file));

    CheckReport report =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> new Checker(registry).replay(exp, List.of()));

    assertThat(report.violation()).as(file).isNull();
    assertThat(report.runs()).isEqualTo(1);
  }
}
