package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress counted in references, and the warning before work that would take hours. */
final class ProgressTest {
  @TempDir Path dir;

  @Test
  void count_readsLikePeopleWriteIt() {
    assertThat(Progress.count(812)).isEqualTo("812");
    assertThat(Progress.count(12_345)).isEqualTo("12k");
    assertThat(Progress.count(5_700_000)).isEqualTo("5.7M");
    assertThat(Progress.count(10_000_000)).isEqualTo("10M");
    assertThat(Progress.count(5_000_000_000L)).isEqualTo("5.0G");
  }

  @Test
  void veryLongWork_isRefusedWithTheEstimate_unlessYes() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("long.yaml"),
            """
            name: long
            machine: {ram: 64MiB}
            systems: [textbook]
            processes:
              - name: p
                steps:
                  - allocate: {name: m, size: 1000pages}
                  - touch: {region: m, passes: 5000000}
            """);

    RunCommandTest.Result r = RunCommandTest.run("run", f.toString(), "--threads", "1");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "vmcompare: --yes: this experiment makes about 5.0G references in 1 run; at about"
                + " 1.0M references/s on one thread that is about 1.4 hours; add --yes to run it"
                + " anyway\n");
  }
}
