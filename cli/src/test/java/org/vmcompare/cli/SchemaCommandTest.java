package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.workload.Experiment;
import org.vmcompare.yaml.SchemaGenerator;

final class SchemaCommandTest {
  @TempDir Path dir;

  @Test
  void schema_noOptions_printsTheGeneratedSchema() throws Exception {
    CliRun r = CliRun.of(new SchemaCommand());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(SchemaGenerator.generateJson(Experiment.class, SchemaCommand.TITLE));
    JsonNode schema = new ObjectMapper().readTree(r.out());
    assertThat(schema.get("$schema").asText()).isEqualTo(SchemaGenerator.DIALECT);
    assertThat(schema.at("/properties/processes/type").asText()).isEqualTo("array");
  }

  @Test
  void schema_out_writesTheFile_intoAFolderItCreates_andPrintsNothing() throws Exception {
    Path file = dir.resolve("editor/vmcompare.schema.json");

    CliRun r = CliRun.of(new SchemaCommand(), "--out", file.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(file)).isEqualTo(CliRun.of(new SchemaCommand()).out());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void schema_outOverAnExistingFile_replacesIt() throws Exception {
    Path file = dir.resolve("vmcompare.schema.json");
    Files.writeString(file, "old");

    assertThat(CliRun.of(new SchemaCommand(), "--out", file.toString()).exitCode()).isZero();

    assertThat(Files.readString(file)).startsWith("{").contains("\"$defs\"");
  }

  @Test
  void schema_help_explainsTheEditorHook_andShowsAnExample() {
    CliRun r = CliRun.of(new SchemaCommand(), "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("# yaml-language-server: $schema=./vmcompare.schema.json")
        .contains("vmcompare schema --out vmcompare.schema.json");
  }
}
