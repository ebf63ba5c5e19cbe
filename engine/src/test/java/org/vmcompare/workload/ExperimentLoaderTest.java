package org.vmcompare.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OsRegistry;

final class ExperimentLoaderTest {
  private static final String GOOD =
      """
      name: ok
      machine: {ram: 8MiB}
      systems:
        - os: textbook
          options: {policy: LRU, frames: 100}
      processes:
        - name: p
          steps:
            - allocate: {name: heap, size: 1MiB}
            - touch: {region: heap, pattern: "zipf:0.9", count: 10k}
            - exit
      """;

  @TempDir Path dir;

  private LoadedExperiment load(String text) {
    return new ExperimentLoader(OsRegistry.load()).load("exp.yaml", null, text);
  }

  private InputError error(String text) {
    Throwable t = Assertions.catchThrowable(() -> load(text));
    assertThat(t).isInstanceOf(InputError.class);
    return (InputError) t;
  }

  @Test
  void goodExperiment_loads_withDefaultsFilledIn() {
    LoadedExperiment exp = load(GOOD);

    assertThat(exp.variants())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.label()).isEqualTo("textbook");
              assertThat(v.options().string("policy")).isEqualTo("LRU");
            });
    assertThat(exp.spec().ramBytes()).isEqualTo(8L << 20);
    assertThat(exp.spec().pageSize()).isEqualTo(4096);
    assertThat(exp.experiment().seeds()).containsExactly(42L);
    assertThat(exp.experiment().scheduler().quantumReferences()).isEqualTo(1000);
  }

  @Test
  void quantum_acceptsReferencesOrTime_andRefusesNonsense() {
    assertThat(
            load(GOOD + "scheduler: {quantum: 10k}\n").experiment().scheduler().quantumReferences())
        .isEqualTo(10_000);
    assertThat(load(GOOD + "scheduler: {quantum: 250us}\n").experiment().scheduler().quantumNanos())
        .isEqualTo(250_000);
    InputError e = error(GOOD + "scheduler: {quantum: soon}\n");
    assertThat(e.key()).isEqualTo("scheduler.quantum");
    assertThat(e.line()).isEqualTo(12);
  }

  @Test
  void unknownKey_isReportedAtItsLine_withASuggestion() {
    InputError e = error(GOOD.replace("machine: {ram: 8MiB}", "machine: {rma: 8MiB}"));

    assertThat(e.getMessage()).startsWith("exp.yaml:2:");
    assertThat(e.key()).isEqualTo("machine.rma");
    assertThat(e.problem()).contains("did you mean 'ram'?");
  }

  @Test
  void negativeSize_isRefused_atTheValue() {
    InputError e = error(GOOD.replace("size: 1MiB", "size: -1MiB"));

    assertThat(e.line()).isEqualTo(9);
    assertThat(e.key()).isEqualTo("processes[0].steps[0].allocate.size");
    assertThat(e.problem()).contains("negative");
  }

  @Test
  void bareNumberSize_isRefused_sayingWhichUnitsToUse() {
    InputError e = error(GOOD.replace("size: 1MiB", "size: 100"));

    assertThat(e.problem()).contains("100KiB").contains("100pages");
  }

  @Test
  void wrongType_isReported() {
    InputError e = error(GOOD.replace("count: 10k", "count: lots"));

    assertThat(e.line()).isEqualTo(10);
    assertThat(e.key()).isEqualTo("processes[0].steps[1].touch.count");
    assertThat(e.problem()).contains("whole number");
  }

  @Test
  void regionUsedBeforeAllocation_isReportedAtTheStep() {
    InputError e = error(GOOD.replace("region: heap", "region: stack"));

    assertThat(e.line()).isEqualTo(10);
    assertThat(e.key()).isEqualTo("processes[0].steps[1].touch.region");
    assertThat(e.problem()).contains("no mapping named 'stack'").contains("existing: heap");
  }

  @Test
  void unknownStep_listsTheKnownOnes() {
    InputError e = error(GOOD.replace("- exit", "- exti"));

    assertThat(e.line()).isEqualTo(11);
    assertThat(e.problem()).contains("did you mean 'exit'?").contains("allocate");
  }

  @Test
  void unknownSystem_listsTheKnownOnes() {
    InputError e = error(GOOD.replace("os: textbook", "os: textbok"));

    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("systems[0].os");
    assertThat(e.problem()).contains("did you mean 'textbook'?").contains("known: textbook");
  }

  @Test
  void unknownSystemOption_isReportedAtTheOption() {
    InputError e = error(GOOD.replace("frames: 100", "frams: 100"));

    assertThat(e.line()).isEqualTo(5);
    assertThat(e.key()).isEqualTo("systems[0].options.frams");
    assertThat(e.problem()).contains("did you mean 'frames'?");
  }

  @Test
  void badOptionValue_listsTheAllowedValues() {
    InputError e = error(GOOD.replace("policy: LRU", "policy: MRU"));

    assertThat(e.key()).isEqualTo("systems[0].options.policy");
    assertThat(e.problem()).contains("FIFO").contains("CLOCK");
  }

  @Test
  void malformedYaml_namesTheLine() {
    InputError e = error("name: x\nsystems: [\n  - os: textbook\n");

    assertThat(e.getMessage()).startsWith("exp.yaml:").contains("malformed YAML");
  }

  @Test
  void duplicateKey_isRefused() {
    InputError e = error(GOOD.replace("name: ok", "name: ok\nname: again"));

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.problem()).contains("duplicate key 'name'");
  }

  @Test
  void aliasBomb_isRefused() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = c;
    }
    InputError e = error(bomb.toString());

    assertThat(e.problem()).contains("alias bomb");
  }

  @Test
  void aliases_withinLimits_work() {
    LoadedExperiment exp =
        load(
            GOOD.replace(
                """
          options: {policy: LRU, frames: 100}
      """,
                """
          label: a
          options: &opts {policy: FIFO, frames: 100}
        - os: textbook
          label: b
          options: *opts
      """));

    assertThat(exp.variants())
        .extracting(v -> v.options().string("policy"))
        .containsExactly("FIFO", "FIFO");
  }

  @Test
  void duplicateLabels_areRefused() {
    InputError e =
        error(
            GOOD.replace(
                """
          options: {policy: LRU, frames: 100}
      """,
                """
          label: same
        - os: textbook
          label: same
      """));

    assertThat(e.problem()).contains("two systems are labelled 'same'");
  }

  @Test
  void missingTraceFile_isReportedAtTheStep() throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, GOOD.replace("- exit", "- trace: {file: nowhere.pages}"));

    InputError e =
        Assertions.catchThrowableOfType(
            () -> new ExperimentLoader(OsRegistry.load()).load(file), InputError.class);

    assertThat(e.getMessage()).startsWith(file + ":11:");
    assertThat(e.problem()).contains("cannot read trace file");
  }

  @Test
  void missingFile_isOneClearError() {
    assertThatThrownBy(() -> new ExperimentLoader(OsRegistry.load()).load(dir.resolve("no.yaml")))
        .isInstanceOf(InputError.class)
        .hasMessageEndingWith("no.yaml: cannot read the experiment: no such file");
  }

  private static String steps(String steps) {
    return """
        name: s
        machine: {ram: 8MiB}
        systems: [textbook]
        files: [{name: data.bin, size: 1MiB}]
        processes:
          - name: p
            steps:
        """
        + steps.indent(6);
  }

  private InputError stepError(String steps) {
    Throwable t =
        Assertions.catchThrowable(
            () ->
                new ExperimentLoader(OsRegistry.load())
                    .withoutSupportCheck()
                    .load("exp.yaml", null, steps(steps)));
    assertThat(t).isInstanceOf(InputError.class);
    return (InputError) t;
  }

  @Test
  void regionAfterUnmap_isRefused() {
    InputError e =
        stepError(
            """
        - allocate: {name: m, size: 1MiB}
        - unmap: m
        - touch: {region: m}
        """);

    assertThat(e.line()).isEqualTo(10);
    assertThat(e.key()).isEqualTo("processes[0].steps[2].touch.region");
    assertThat(e.problem()).contains("no mapping named 'm'");
  }

  @Test
  void allocateInsideARepeat_withoutUnmap_isRefused() {
    InputError e =
        stepError(
            """
        - repeat:
            times: 2
            steps:
              - allocate: {name: m, size: 1MiB}
        """);

    assertThat(e.problem()).contains("a mapping named 'm' already exists");
  }

  @Test
  void allocateAndUnmapInsideARepeat_isFine() {
    assertThat(
            new ExperimentLoader(OsRegistry.load())
                .load(
                    "x.yaml",
                    null,
                    steps(
                        """
        - repeat:
            times: 3
            steps:
              - allocate: {name: m, size: 1MiB}
              - touch: {region: m}
              - unmap: m
        """))
                .experiment()
                .processes())
        .hasSize(1);
  }

  @Test
  void sharedNameNeverCreated_isRefused() {
    InputError e = stepError("- share: {name: v, shared: /nowhere}\n");

    assertThat(e.key()).isEqualTo("processes[0].steps[0].share.shared");
    assertThat(e.problem()).contains("no step creates shared memory '/nowhere'");
  }

  @Test
  void undeclaredFile_isRefused_listingTheFiles() {
    InputError e = stepError("- map-file: {name: f, file: other.bin}\n");

    assertThat(e.key()).isEqualTo("processes[0].steps[0].map-file.file");
    assertThat(e.problem()).contains("no file named 'other.bin'").contains("data.bin");
  }

  @Test
  void nativeForAnotherSystem_isRefused_unlessOthersSkip() {
    // The native calls of another system on the class path (the engine's tests have the toy).
    String call = "- native: {os: toy, call: madvise, args: {advice: MADV_PAGEOUT}}\n";
    Throwable t =
        Assertions.catchThrowable(
            () -> new ExperimentLoader(OsRegistry.load()).load("exp.yaml", null, steps(call)));

    assertThat(t)
        .isInstanceOf(InputError.class)
        .hasMessageContaining("native toy.madvise does not belong to system 'textbook'");
    String skip = call.replace("}}", "}, others: skip}");
    assertThat(
            new ExperimentLoader(OsRegistry.load())
                .withoutSupportCheck()
                .load("exp.yaml", null, steps(skip))
                .experiment()
                .processes())
        .hasSize(1);
  }

  @Test
  void sizeLargerThanTheAddressSpace_isRefused() {
    String text =
        steps("- allocate: {name: m, size: 1TiB}\n")
            .replace("machine: {ram: 8MiB}", "machine: {ram: 8MiB, paging: x86-32}");
    InputError e = error(text);

    assertThat(e.key()).isEqualTo("processes[0].steps[0].allocate.size");
    assertThat(e.problem()).contains("larger than the user address space").contains("x86-32");
  }

  @Test
  void sweepKeyThatDoesNotExist_isRefusedAtTheSweepLine() {
    InputError e = error(GOOD + "sweep:\n  machine.rma: [8MiB, 16MiB]\n");

    assertThat(e.line()).isEqualTo(13);
    assertThat(e.key()).isEqualTo("sweep.machine.rma");
    assertThat(e.problem()).contains("did you mean 'ram'?");
  }

  @Test
  void sweepBadValue_isReportedAtTheSweepLine() {
    InputError e = error(GOOD + "sweep:\n  machine.ram: [8MiB, lots]\n");

    assertThat(e.line()).isEqualTo(13);
    assertThat(e.problem()).contains("lots");
  }

  @Test
  void sweepRange_expandsGeometricallyAndArithmetically() {
    LoadedExperiment exp =
        load(
            GOOD
                + "sweep:\n  machine.ram: 8MiB..32MiB x2\n  systems[0].options.frames: 100..300 +100\n");

    assertThat(exp.points()).hasSize(9);
    assertThat(exp.points().get(0).values())
        .containsExactly(
            Map.entry("machine.ram", "8MiB"), Map.entry("systems[0].options.frames", "100"));
    assertThat(exp.points().get(8).spec().ramBytes()).isEqualTo(32L << 20);
    assertThat(exp.points().get(8).variants().get(0).options().integer("frames")).isEqualTo(300);
  }

  @Test
  void machineLargerThanTheHeap_saysHowMuchHeapItNeeds() {
    InputError e = error(GOOD.replace("machine: {ram: 8MiB}", "machine: {ram: 256GiB}"));

    assertThat(e.key()).isEqualTo("machine.ram");
    assertThat(e.problem()).contains("of Java heap per run").contains("VMCOMPARE_JAVA_OPTS=-Xmx");
  }

  @Test
  void rangePastTheRegion_isRefusedAtLoad() {
    InputError e =
        stepError(
            """
        - allocate: {name: m, size: 1MiB}
        - touch: {region: m, offset: 512KiB, size: 1MiB}
        """);

    assertThat(e.key()).isEqualTo("processes[0].steps[1].touch.size");
    assertThat(e.problem()).contains("goes past the end of 'm' (256 pages)");
  }

  @Test
  void readPastTheFile_isRefused_writeMayExtendIt() {
    InputError e = stepError("- read-file: {file: data.bin, offset: 1MiB}\n");

    assertThat(e.key()).isEqualTo("processes[0].steps[0].read-file.offset");
    assertThat(
            new ExperimentLoader(OsRegistry.load())
                .withoutSupportCheck()
                .load(
                    "x.yaml",
                    null,
                    steps("- write-file: {file: data.bin, offset: 1MiB, size: 8KiB}\n"))
                .experiment()
                .processes())
        .hasSize(1);
  }

  @Test
  void ownMistakes_areReportedBeforeSupport() {
    Throwable t =
        Assertions.catchThrowable(
            () ->
                new ExperimentLoader(OsRegistry.load())
                    .load("exp.yaml", null, steps("- map-file: {name: f, file: nope.bin}\n")));

    assertThat(t).isInstanceOf(InputError.class).hasMessageContaining("no file named 'nope.bin'");
  }

  @Test
  void nativeCallTheSystemDoesNotHave_isRefusedAtLoad() {
    Throwable t =
        Assertions.catchThrowable(
            () ->
                new ExperimentLoader(OsRegistry.load())
                    .load("exp.yaml", null, steps("- native: {os: textbook, call: flush}\n")));

    assertThat(t)
        .isInstanceOf(InputError.class)
        .hasMessageContaining("native.call: unsupported on textbook: native textbook.flush");
  }

  @Test
  void nativeCallRegion_typoOrRangeOutside_isRefusedAtLoadNamingTheArgument() {
    Throwable typo =
        Assertions.catchThrowable(
            () ->
                new ExperimentLoader(OsRegistry.load())
                    .load(
                        "exp.yaml",
                        null,
                        steps(
                            "- allocate: {name: heap, size: 4pages}\n"
                                + "- native: {os: textbook, call: flush, args: {region: haep}}\n")));
    Throwable outside =
        Assertions.catchThrowable(
            () ->
                new ExperimentLoader(OsRegistry.load())
                    .load(
                        "exp.yaml",
                        null,
                        steps(
                            "- allocate: {name: heap, size: 4pages}\n"
                                + "- native: {os: textbook, call: flush, args: {region: heap,"
                                + " offset: 4pages}}\n")));

    assertThat(typo)
        .isInstanceOf(InputError.class)
        .hasMessageContaining(
            "native.args.region: no step maps a region named 'haep'; existing here: heap");
    assertThat(outside)
        .isInstanceOf(InputError.class)
        .hasMessageContaining("native.args.offset: 4pages is past the end of 'heap' (4 pages)");
  }

  @Test
  void onlySystems_unknownName_listsTheExperimentsSystemsAndTheKnownOnes() {
    Throwable t =
        Assertions.catchThrowable(
            () ->
                new ExperimentLoader(OsRegistry.load())
                    .onlySystems(List.of("bsd"))
                    .load("exp.yaml", null, GOOD));

    assertThat(t)
        .isInstanceOf(InputError.class)
        .hasMessage(
            "--systems: 'bsd' is neither a system of exp.yaml nor a known system; the file has:"
                + " textbook; known systems: textbook, toy");
  }

  @Test
  void onlySystems_aRegisteredSystemTheFileDoesNotList_isAddedWithItsDefaults() {
    LoadedExperiment exp =
        new ExperimentLoader(OsRegistry.load())
            .onlySystems(List.of("Toy", "TEXTBOOK"))
            .load("exp.yaml", null, GOOD);

    assertThat(exp.variants()).extracting(SystemVariant::label).containsExactly("toy", "textbook");
    assertThat(exp.variants().get(0).options().asMap()).isEqualTo(Map.of());
  }

  @Test
  void skipUnsupported_marksTheSystemThatCannotDoAStep_withTheStepsLine_andKeepsTheRest() {
    String yaml =
        GOOD.replace("systems:\n  - os: textbook\n", "systems:\n  - toy\n  - os: textbook\n")
            .replace("      - exit", "      - fork: {name: child}\n      - exit");

    LoadedExperiment exp =
        new ExperimentLoader(OsRegistry.load()).skipUnsupported().load("exp.yaml", null, yaml);

    assertThat(exp.variants()).extracting(SystemVariant::label).containsExactly("toy", "textbook");
    assertThat(exp.variants().get(0).isSkipped()).isFalse();
    assertThat(exp.variants().get(1).skipped())
        .startsWith("exp.yaml:")
        .contains("steps[2].fork: unsupported on textbook: fork");
  }

  @Test
  void nativeStepForAnotherSystem_withOthersSkip_loadsWhenThatSystemIsNotListed() {
    String yaml =
        GOOD.replace(
            "- exit",
            "- native: {os: toy, call: madvise, args: {advice: MADV_PAGEOUT}, others: skip}");

    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load("exp.yaml", null, yaml);

    assertThat(exp.variants()).extracting(SystemVariant::os).containsExactly("textbook");
  }

  @Test
  void nativeStep_forAnUnknownSystem_isATypo_withASuggestion() {
    String yaml = GOOD.replace("- exit", "- native: {os: textbok, call: flush, others: skip}");

    Throwable t =
        Assertions.catchThrowable(
            () -> new ExperimentLoader(OsRegistry.load()).load("exp.yaml", null, yaml));

    assertThat(t)
        .isInstanceOf(InputError.class)
        .hasMessageContaining(
            "native.os: unknown system 'textbok' (did you mean 'textbook'?); known: textbook,"
                + " toy");
  }

  @Test
  void sweep_intoAStepAndAShortFormSystem() {
    LoadedExperiment exp =
        load(
            """
        name: sw
        machine: {ram: 16MiB}
        systems: [textbook]
        sweep:
          systems[0].options.policy: [LRU, FIFO]
          processes[0].steps[0].allocate.size: [1MiB, 2MiB]
        processes:
          - name: p
            steps:
              - allocate: {name: m, size: 1MiB}
        """);

    assertThat(exp.points()).hasSize(4);
    SweepPoint last = exp.points().get(3);
    assertThat(last.variants().get(0).options().string("policy")).isEqualTo("FIFO");
    assertThat(((Step.Allocate) last.experiment().processes().get(0).steps().get(0)).size())
        .isEqualTo(ByteSize.parse("2MiB"));
  }

  // ---- per-process options: declared by the systems (here the engine's test personality, toy) ---

  private static String withProcessKeys(String... lines) {
    return GOOD.replace("  - name: p\n", "  - name: p\n    " + String.join("\n    ", lines) + "\n");
  }

  @Test
  void processOption_loadsAsWritten_andEachSystemGetsOnlyTheKeysItDeclares() {
    OsRegistry registry = OsRegistry.load();

    ProcessConfig p =
        load(withProcessKeys("oomScoreAdj: -1000", "jetsamBand: foreground"))
            .experiment()
            .processes()
            .get(0);

    assertThat(p.options())
        .containsExactly(entry("oomScoreAdj", "-1000"), entry("jetsamBand", "foreground"));
    assertThat(p.optionsFor(registry.get("toy"), 4096).integer("oomScoreAdj")).isEqualTo(-1000);
    assertThat(p.optionsFor(registry.get("toy"), 4096).integer("jetsamBand")).isEqualTo(100);
    assertThat(p.optionsFor(registry.get("toy"), 4096).integer("nice")).isZero();
    assertThat(p.optionsFor(registry.get("textbook"), 4096).asMap()).isEmpty();
  }

  @Test
  void unknownProcessKey_isReportedAtTheKey_suggestingFromStructuralAndDeclaredKeys() {
    InputError e = error(withProcessKeys("oomScoreAj: -1000"));

    assertThat(e.getMessage()).startsWith("exp.yaml:8:5: processes[0].oomScoreAj: unknown key");
    assertThat(e.problem())
        .contains("(did you mean 'oomScoreAdj'?)")
        .contains("valid keys here: name, start, after, steps")
        .contains("oomScoreAdj")
        .contains("jetsamBand, idleExit (toy)");
    assertThat(error(withProcessKeys("strat: 1ms")).problem()).contains("did you mean 'start'?");
  }

  @Test
  void badProcessOptionValue_isReportedAtTheKey_evenWhenItsSystemIsNotListed() {
    InputError e = error(withProcessKeys("nice: 0", "oomScoreAdj: 5000"));

    assertThat(e.getMessage())
        .isEqualTo(
            "exp.yaml:9:5: processes[0].oomScoreAdj: 5000 is out of range -1000..1000"
                + " (read by toy)");
    assertThat(error(withProcessKeys("jetsamBand: nonsense")).problem())
        .startsWith("'nonsense' is neither a whole number in 0..210 nor a name");
    assertThat(error(withProcessKeys("workingSetMin: 100")).problem()).contains("100pages");
    assertThat(error(withProcessKeys("nice: [1, 2]")).problem())
        .isEqualTo("expected a single value, got a list");
  }

  @Test
  void processOptionWithoutAValue_takesTheDefault() {
    ProcessConfig p = load(withProcessKeys("nice:")).experiment().processes().get(0);

    assertThat(p.optionsFor(OsRegistry.load().get("toy"), 4096).isGiven("nice")).isFalse();
  }

  @Test
  void sweepOverAProcessOption_givesEachPointItsValue_andABadOneFailsAtTheSweepLine() {
    LoadedExperiment exp = load(GOOD + "sweep:\n  processes[0].oomScoreAdj: [-1000, 500]\n");

    assertThat(exp.points()).hasSize(2);
    assertThat(exp.points().get(1).experiment().processes().get(0).options())
        .containsEntry("oomScoreAdj", "500");
    InputError e = error(GOOD + "sweep:\n  processes[0].oomScoreAdj: [0, 5000]\n");
    assertThat(e.line()).isEqualTo(13);
    assertThat(e.problem()).contains("5000 is out of range");
  }

  @Test
  void swapMax_growsTheSwapDevice_andCannotBeBelowSwap() {
    assertThat(
            load(GOOD.replace(
                    "machine: {ram: 8MiB}", "machine: {ram: 8MiB, swap: 4MiB, swapMax: 16MiB}"))
                .spec()
                .swapMaxPages())
        .isEqualTo(4096);
    InputError e =
        error(
            GOOD.replace(
                "machine: {ram: 8MiB}", "machine: {ram: 8MiB, swap: 4MiB, swapMax: 1MiB}"));
    assertThat(e.key()).isEqualTo("machine.swapMax");
    assertThat(e.problem()).contains("less than swap");
  }
}
