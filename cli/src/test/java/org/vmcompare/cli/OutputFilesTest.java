package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;

/** Files the commands write: whole, with ordinary permissions, and failures that name them. */
final class OutputFilesTest {
  @TempDir Path dir;

  @Test
  void schemaAndResults_getTheSamePermissions_asAnyNewFileOfTheUser() throws Exception {
    Path schema = dir.resolve("s.json");
    Path results = dir.resolve("out");
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");

    CliRun.call(new SchemaCommand(), "--out", schema.toString());
    CliRun.call(new RunCommand(), "--out", results.toString(), "--format", "csv");

    var expected = Files.getPosixFilePermissions(plain);
    assertThat(Files.getPosixFilePermissions(schema)).isEqualTo(expected);
    assertThat(Files.getPosixFilePermissions(results.resolve("results.json"))).isEqualTo(expected);
    assertThat(Files.getPosixFilePermissions(results.resolve("results.csv"))).isEqualTo(expected);
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aFailedWrite_namesTheTargetAndWhy_notATemporaryFile() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path target = file.resolve("s.json");

    assertThatThrownBy(() -> CliRun.call(new SchemaCommand(), "--out", target.toString()))
        .isInstanceOf(InputError.class)
        .hasMessage(
            "--out: cannot write " + target + ": a part of the path is a file, not a folder")
        .hasMessageNotContaining(".tmp");
  }
}
