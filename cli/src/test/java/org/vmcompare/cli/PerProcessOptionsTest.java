package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.ProcessOptions;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.ProcessConfig;

/**
 * Per-process options as the real models declare them, through real files, the real loader and the
 * commands: each key is read by the system that declares it, checked whether or not the experiment
 * lists that system, and an unknown one is refused with the keys of every system.
 */
final class PerProcessOptionsTest {
  private static final OsRegistry REGISTRY = OsRegistry.load();

  @TempDir Path dir;

  /** A textbook experiment whose one process gives {@code key} on line 5, column 5. */
  private Path experiment(String key) throws Exception {
    Path file = dir.resolve("knobs.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "name: knobs",
            "systems: [textbook]",
            "processes:",
            "  - name: app",
            "    " + key,
            "    steps:",
            "      - allocate: {name: m, size: 4KiB}",
            ""));
    return file;
  }

  private ProcessOptions optionsOn(String system, Path file) {
    ProcessConfig p = new ExperimentLoader(REGISTRY).load(file).experiment().processes().get(0);
    return p.optionsFor(REGISTRY.get(system), 4096);
  }

  @Test
  void referenceYaml_givesEveryDeclaredKey_atItsDefault_withTheSystemThatReadsIt()
      throws Exception {
    Path reference = Path.of("../configs/reference.yaml");
    ProcessConfig app =
        new ExperimentLoader(REGISTRY)
            .withoutSupportCheck()
            .load(reference)
            .experiment()
            .processes()
            .get(0);
    List<String> lines = Files.readAllLines(reference);

    List<String> declared = new ArrayList<>();
    for (OsModuleProvider p : REGISTRY.providers()) {
      for (OptionSpec o : p.processOptions()) {
        declared.add(o.key());
        assertThat(app.options()).containsEntry(o.key(), o.defaultValue());
        assertThat(lines)
            .as("a comment saying %s reads %s", p.name(), o.key())
            .anyMatch(l -> l.matches("\\s+" + o.key() + ": \\S+\\s+# " + p.name() + ": .+"));
      }
    }
    assertThat(app.options().keySet()).containsExactlyInAnyOrderElementsOf(declared);
  }

  /**
   * reference.yaml documents every system option of every registered system at its default: live
   * for the systems the engine's own tests know (textbook), in a commented-out block for the models
   * (engine's tests load the file without them, so a live {@code os: linux} would not load there).
   */
  @Test
  void referenceYaml_showsEverySystemOption_atItsDefault() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("../configs/reference.yaml"));
    for (OsModuleProvider p : REGISTRY.providers()) {
      for (OptionSpec o : p.options()) {
        String line = "\\s*#?\\s+" + o.key() + ": " + o.defaultValue() + "(\\s+#.*)?";
        assertThat(lines)
            .as("%s's option %s at its default", p.name(), o.key())
            .anyMatch(l -> l.matches(line));
      }
    }
  }

  /** A Linux system option given to another system is that system's unknown option. */
  @Test
  void aLinuxSystemOption_onAnotherSystem_failsAtLoad_namingTheKey() throws Exception {
    Path file = dir.resolve("other.yaml");
    Files.writeString(
        file,
        """
        name: other
        systems:
          - {os: textbook, options: {swappiness: 10}}
        processes:
          - name: app
            steps: [exit]
        """);

    CliRun validate = CliRun.of(new ValidateCommand(), file.toString());

    assertThat(validate.exitCode()).isEqualTo(Main.EXIT_INPUT);
    assertThat(validate.err())
        .contains("systems[0].options.swappiness: unknown option 'swappiness'");
  }

  @Test
  void linuxKey_onAnExperimentWithoutLinux_validates_andOnlyLinuxReadsIt() throws Exception {
    Path file = experiment("oomScoreAdj: -1000");

    CliRun r = CliRun.of(new ValidateCommand(), file.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(optionsOn("linux", file).integer("oomScoreAdj")).isEqualTo(-1000);
    assertThat(optionsOn("linux", file).isGiven("oomScoreAdj")).isTrue();
    assertThat(optionsOn("windows", file).asMap()).doesNotContainKey("oomScoreAdj");
    assertThat(optionsOn("textbook", file).asMap()).isEmpty();
  }

  @Test
  void unknownKey_exitsTwo_atItsFileLineColumn_suggestingFromEverySystemsKeys() throws Exception {
    Path file = experiment("oomScoreAj: -1000");

    CliRun validate = CliRun.of(new ValidateCommand(), file.toString());
    RunCommandTest.Result run = RunCommandTest.run("run", file.toString());

    assertThat(validate.exitCode()).isEqualTo(Main.EXIT_INPUT);
    assertThat(validate.err().strip())
        .isEqualTo(
            "vmcompare: "
                + file
                + ":5:5: processes[0].oomScoreAj: unknown key (did you mean 'oomScoreAdj'?);"
                + " valid keys here: name, start, after, steps; per-process options:"
                + " nice, oomScoreAdj (linux); jetsamBand, idleExit (macos);"
                + " memoryPriority, workingSetMin, workingSetMax, hardWorkingSetMax,"
                + " hardWorkingSetMin, foreground (windows)");
    assertThat(run.exit()).isEqualTo(Main.EXIT_INPUT);
    assertThat(run.err()).contains(file + ":5:5: processes[0].oomScoreAj: unknown key");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "oomScoreAdj: 5000 | oomScoreAdj | 5000 is out of range -1000..1000 (read by linux)",
        "nice: -21 | nice | -21 is out of range -20..19 (read by linux)",
        "memoryPriority: 0 | memoryPriority | 0 is out of range 1..5 (read by windows)",
        "jetsamBand: nonsense | jetsamBand | 'nonsense' is neither a whole number in 0..210 nor a"
            + " name; names: idle (0), aging (10), background (30), mail (40), freezer (75),"
            + " foreground (100), home (160), important (180), critical (190) (read by macos)",
        "workingSetMax: 10pages | workingSetMax | the working-set maximum (10pages) is below the"
            + " minimum (50pages); give workingSetMax at least workingSetMin (read by windows)",
        "workingSetMin: 2MiB | workingSetMin | the working-set maximum (345pages, the default) is"
            + " below the minimum (2MiB); give workingSetMax at least workingSetMin (read by"
            + " windows)"
      })
  void badValue_ofASystemTheExperimentDoesNotList_exitsTwo_withTheModelsMessage_atTheKey(
      String line, String key, String problem) throws Exception {
    Path file = experiment(line);

    CliRun r = CliRun.of(new ValidateCommand(), file.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_INPUT);
    assertThat(r.err().strip())
        .isEqualTo("vmcompare: " + file + ":5:5: processes[0]." + key + ": " + problem);
  }

  @ParameterizedTest(name = "jetsamBand: {0}")
  @CsvSource({"idle, 0", "foreground, 100", "Critical, 190", "75, 75"})
  void jetsamBand_byNameOrNumber_isTheBandsNumber_onMacos(String written, long band)
      throws Exception {
    Path file = experiment("jetsamBand: " + written);

    ProcessOptions macos = optionsOn("macos", file);

    assertThat(macos.integer("jetsamBand")).isEqualTo(band);
    assertThat(macos.string("jetsamBand")).isEqualTo(written);
  }

  @Test
  void workingSetLimits_inPagesOrBytes_areResolvedAgainstThePageSize_onWindows() throws Exception {
    Path file = experiment("workingSetMin: 1MiB");

    ProcessOptions windows = optionsOn("windows", file);

    assertThat(windows.pages("workingSetMin")).isEqualTo(256);
    assertThat(windows.pages("workingSetMax")).isEqualTo(345);
    assertThat(windows.integer("memoryPriority")).isEqualTo(5);
  }
}
