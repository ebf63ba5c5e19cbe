package org.vmcompare.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.pattern.PatternSpec;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.vm.Protection;
import org.vmcompare.yaml.Binder;

/** The one mapping from steps to operations, and the parsed values step records hold. */
final class StepOperationsTest {
  private static LoadedExperiment load(String yaml) {
    return new ExperimentLoader(OsRegistry.load()).withoutSupportCheck().load("t.yaml", null, yaml);
  }

  @Test
  void everyStep_declaresTheOperationItAsks_orNoneWhenTheEngineCarriesItOut() {
    Map<String, OpKind> expected = new LinkedHashMap<>();
    expected.put("allocate", OpKind.ALLOCATE);
    expected.put("touch", null);
    expected.put("trace", OpKind.ALLOCATE);
    expected.put("sleep", null);
    expected.put("commit", OpKind.COMMIT);
    expected.put("share", OpKind.SHARE);
    expected.put("map-file", OpKind.MAP_FILE);
    expected.put("read-file", OpKind.READ_FILE);
    expected.put("write-file", OpKind.WRITE_FILE);
    expected.put("release", OpKind.RELEASE);
    expected.put("offer", OpKind.OFFER);
    expected.put("reclaim", OpKind.RECLAIM);
    expected.put("fork", OpKind.FORK);
    expected.put("drop-caches", OpKind.DROP_CACHES);
    expected.put("protect", OpKind.PROTECT);
    expected.put("unmap", OpKind.UNMAP);
    expected.put("snapshot", null);
    expected.put("repeat", null);
    expected.put("native", OpKind.NATIVE);
    expected.put("exit", OpKind.EXIT);

    Map<String, OpKind> actual = new LinkedHashMap<>();
    String yaml =
        """
        name: every-step
        machine: {ram: 8MiB}
        systems: [textbook]
        files: [{name: f, size: 8pages}]
        processes:
          - name: p
            steps:
              - allocate: {name: a, size: 4pages, reserve: true}
              - touch: {region: a}
              - trace: {pages: "1 2 3"}
              - sleep: 1ms
              - commit: {region: a, size: 1pages}
              - share: {name: s, shared: shm, size: 2pages}
              - map-file: {name: m, file: f}
              - read-file: {file: f}
              - write-file: {file: f, size: 1pages}
              - release: {region: a}
              - offer: {region: a}
              - reclaim: {region: a}
              - fork: {name: child}
              - drop-caches
              - protect: {region: a, protection: r}
              - unmap: {region: m}
              - snapshot: {name: now}
              - repeat: {times: 1, steps: [sleep: 1ms]}
              - native: {os: textbook, call: flush}
              - exit
        """;
    for (Step s : load(yaml).experiment().processes().get(0).steps()) {
      actual.put(s.stepName(), s.operation());
    }

    assertThat(actual).containsExactlyEntriesOf(expected);
    assertThat(actual.keySet())
        .containsExactlyInAnyOrderElementsOf(Binder.tags(Step.class).keySet());
  }

  @Test
  void operations_listsWhatTheStepsAsk_inFirstUseOrder_withExitLast() {
    LoadedExperiment exp =
        load(
            """
            name: ops
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: p
                steps:
                  - allocate: {name: a, size: 4pages}
                  - touch: {region: a}
                  - fork: {name: c, steps: [{release: {region: a}}]}
                  - protect: {region: a, protection: r}
            """);

    assertThat(StepChecker.operations(exp.experiment()))
        .containsExactly(OpKind.ALLOCATE, OpKind.FORK, OpKind.RELEASE, OpKind.PROTECT, OpKind.EXIT);
  }

  @Test
  void stepRecords_holdParsedValues_readOnceFromTheFile() {
    LoadedExperiment exp =
        load(
            """
            name: parsed
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: p
                steps:
                  - allocate: {name: a, size: 4pages, protection: r-x}
                  - touch: {region: a, pattern: "ZIPF:0.90"}
                  - trace: {pages: "1 2", format: PAGES}
            """);

    var steps = exp.experiment().processes().get(0).steps();
    assertThat(((Step.Allocate) steps.get(0)).protection()).isEqualTo(Protection.READ_EXECUTE);
    PatternSpec pattern = ((Step.Touch) steps.get(1)).pattern();
    assertThat(pattern.kind()).isEqualTo(PatternSpec.Kind.ZIPF);
    assertThat(pattern).hasToString("zipf:0.9").isEqualTo(PatternSpec.parse("zipf:0.9"));
    assertThat(((Step.Trace) steps.get(2)).format()).isEqualTo(TraceFormat.PAGES);
  }

  @Test
  void defaults_areParsedValuesToo() {
    LoadedExperiment exp =
        load(
            """
            name: defaults
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: p
                steps:
                  - allocate: {name: a, size: 4pages}
                  - touch: {region: a}
            """);

    var steps = exp.experiment().processes().get(0).steps();
    assertThat(((Step.Allocate) steps.get(0)).protection()).isEqualTo(Protection.READ_WRITE);
    assertThat(((Step.Touch) steps.get(1)).pattern()).isEqualTo(PatternSpec.SEQUENTIAL);
  }

  @Test
  void badPattern_isReportedWhenTheFileIsLoaded_atTheValue() {
    InputError e =
        catchThrowableOfType(
            () ->
                load(
                    """
                    name: bad
                    machine: {ram: 8MiB}
                    systems: [textbook]
                    processes:
                      - name: p
                        steps:
                          - allocate: {name: a, size: 4pages}
                          - touch: {region: a, pattern: "loop:0"}
                    """),
            InputError.class);

    assertThat(e.getMessage())
        .isEqualTo(
            "t.yaml:8:37: processes[0].steps[1].touch.pattern:"
                + " loop working set must be >= 1 page, got 0");
  }
}
