package org.vmcompare.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.OsRegistry;

/** Numbers and files at the edges: refused with the place and the reason, never run wrongly. */
final class InputEdgesTest {
  @TempDir Path dir;

  private InputError loadError(Path file) {
    return catchThrowableOfType(
        () -> new ExperimentLoader(OsRegistry.load()).load(file), InputError.class);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static final String HEAD = "name: edge\nmachine: {ram: 8MiB}\nsystems: [textbook]\n";

  @Test
  void tabIndentation_isReportedWithSnakeYamlsProblem_atTheTab() throws IOException {
    Path f = write("tab.yaml", HEAD + "processes:\n\t- name: p\n");

    InputError e = loadError(f);

    assertThat(e.getMessage())
        .isEqualTo(
            f
                + ":5:1: malformed YAML: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation)");
  }

  @Test
  void binaryFile_saysItIsNotUtf8Text_andEchoesNoBytes() throws IOException {
    Path f = dir.resolve("bin.yaml");
    Files.write(f, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 1, 2});

    InputError e = loadError(f);

    assertThat(e.getMessage())
        .isEqualTo(f + ": not a UTF-8 text file (is it binary?); an experiment is YAML text");
  }

  @Test
  void nulBytes_inValidUtf8_areCalledBinary() throws IOException {
    Path f = dir.resolve("nul.yaml");
    Files.write(f, "name: x\0\0\n".getBytes(StandardCharsets.UTF_8));

    assertThat(loadError(f).getMessage())
        .isEqualTo(
            f + ": looks like a binary file (it contains NUL bytes); an experiment is YAML text");
  }

  @Test
  void controlCharacters_inAYamlMessage_areEscaped() throws IOException {
    Path f = write("ctl.yaml", "name: x\u0001\n");

    InputError e = loadError(f);

    assertThat(e.getMessage()).doesNotContain("\u0001").contains("malformed YAML");
  }

  @Test
  void sleepLongerThanTheClockCanCount_isRefusedAtItsValue() throws IOException {
    Path f =
        write(
            "sleep.yaml",
            HEAD + "processes:\n  - name: p\n    steps:\n      - sleep: 10000000000s\n");

    assertThat(loadError(f).getMessage())
        .isEqualTo(
            f
                + ":7:16: processes[0].steps[0].sleep.duration: '10000000000s' is longer than the"
                + " simulated clock can count; at most about 146 years (4611686018427387904ns) a"
                + " step");
  }

  @Test
  void sleepsThatRunPastTheClock_endTheRunAsTheUsersError_notAsWrongTimes() throws IOException {
    Path f =
        write(
            "sleeps.yaml",
            HEAD
                + "processes:\n  - name: p\n    steps:\n"
                + "      - repeat: {times: 3, steps: [sleep: 140000000000000000ns]}\n"
                + "      - repeat: {times: 30, steps: [sleep: 4000000000000000000ns]}\n");
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load(f);

    RunResult r = ExperimentRunner.runOne(exp, ExperimentRunner.plan(exp, List.of(1L)).get(0));

    assertThat(r.status()).isEqualTo(RunStatus.UNSUPPORTED);
    assertThat(r.error()).contains("goes past the end of the simulated clock");
  }

  @Test
  void traceSpanningMoreThanTheAddressSpace_isRefusedAtItsFile() throws IOException {
    Files.writeString(dir.resolve("big.pages"), "0\n1\n9223372036854775807\n");
    Path f =
        write(
            "trace.yaml",
            HEAD + "processes:\n  - name: p\n    steps:\n      - trace: {file: big.pages}\n");

    assertThat(loadError(f).getMessage())
        .startsWith(
            f
                + ":7:23: processes[0].steps[0].trace.file: trace big.pages spans pages"
                + " 0..9223372036854775807, more than the user address space holds (34359738368"
                + " pages with x86-64 paging)");
  }

  @Test
  void inlineTraceSpanningTooFar_isRefusedAtItsList() throws IOException {
    Path f =
        write(
            "inline.yaml",
            HEAD
                + "processes:\n  - name: p\n    steps:\n"
                + "      - trace: {pages: \"0 68719476736\"}\n");

    assertThat(loadError(f).getMessage())
        .startsWith(f + ":7:24: processes[0].steps[0].trace.pages: the inline trace spans pages");
  }

  @Test
  void emptyTraceFile_isRefused() throws IOException {
    Files.writeString(dir.resolve("empty.pages"), "# nothing\n");
    Path f =
        write(
            "empty.yaml",
            HEAD + "processes:\n  - name: p\n    steps:\n      - trace: {file: empty.pages}\n");

    assertThat(loadError(f).getMessage()).endsWith("is empty");
  }
}
