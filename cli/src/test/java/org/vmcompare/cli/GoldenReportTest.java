package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.md of a small fixed experiment, compared byte for byte with the committed expected file,
 * so a change to what reports say is seen in review. When the output changes on purpose, run
 *
 * <pre>VMCOMPARE_UPDATE_GOLDEN=1 mvn -pl cli -am test -Dtest=GoldenReportTest
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * and commit the new {@code cli/src/test/resources/golden/report.md} with the change.
 */
final class GoldenReportTest {
  static final Path DIR = Path.of("src/test/resources/golden");
  static final String UPDATE = "VMCOMPARE_UPDATE_GOLDEN";

  @TempDir Path out;

  @Test
  void goldenExperiment_reportMd_isTheCommittedOne() throws Exception {
    RunCommandTest.Result r =
        RunCommandTest.run(
            "run",
            DIR.resolve("experiment.yaml").toString(),
            "--out",
            out.toString(),
            "--threads",
            "1");
    assertThat(r.exit()).as(r.err()).isZero();
    String actual = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
    Path expected = DIR.resolve("report.md");

    if ("1".equals(System.getenv(UPDATE))) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }

    assertThat(expected).as("the committed golden report (see this test's javadoc)").exists();
    assertThat(actual)
        .as(
            "report.md differs from %s; if the change is on purpose, rerun with %s=1",
            expected, UPDATE)
        .isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}
