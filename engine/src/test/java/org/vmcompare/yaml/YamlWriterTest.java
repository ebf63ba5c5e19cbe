package org.vmcompare.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.ExperimentLoader;

final class YamlWriterTest {
  private static Experiment load(String name, String text) {
    return new ExperimentLoader(OsRegistry.load())
        .withoutSupportCheck()
        .load(name, Path.of("..", "configs"), text)
        .experiment();
  }

  @Test
  void referenceYaml_writtenBackAndLoadedAgain_isUnchanged() throws Exception {
    Path ref = Path.of("..", "configs", "reference.yaml");
    Experiment first = load(ref.toString(), Files.readString(ref));

    String written = YamlWriter.write(first);
    Experiment second = load("written.yaml", written);

    assertThat(YamlWriter.write(second)).isEqualTo(written);
    assertThat(second.machine()).isEqualTo(first.machine());
    assertThat(second.processes()).isEqualTo(first.processes());
    assertThat(second.files()).isEqualTo(first.files());
    assertThat(second.seeds()).isEqualTo(first.seeds());
    assertThat(second.systems()).hasSameSizeAs(first.systems());
  }

  @Test
  void steps_writeAsTaggedMaps_andBareNamesWithoutArguments() {
    Experiment e =
        load(
            "x.yaml",
            """
            name: x
            systems: [textbook]
            processes:
              - name: p
                steps:
                  - allocate: {name: m, size: 4KiB}
                  - exit
            """);

    String yaml = YamlWriter.write(e);

    assertThat(yaml).contains("- allocate:").contains("size: 4KiB").contains("- exit");
  }
}
