package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;

/** A refusal names the step the user wrote, and the operation behind it when they differ. */
final class StepSupportMessageTest {
  private static final OsRegistry EXIT_ONLY =
      OsRegistry.of(
          List.of(new TestProvider("exitonly", ToyPersonality.class, Set.of(OpKind.EXIT))));

  private static InputError error(String steps) {
    String yaml =
        "name: m\nmachine: {ram: 8MiB}\nsystems: [exitonly]\nprocesses:\n  - name: p\n"
            + "    steps:\n"
            + steps;
    return catchThrowableOfType(
        () -> new ExperimentLoader(EXIT_ONLY).load("m.yaml", null, yaml), InputError.class);
  }

  @Test
  void traceStep_refusedForItsAllocate_saysTraceAndWhatItNeeds() {
    InputError e = error("      - trace: {pages: \"1 2 3\"}\n");

    assertThat(e.getMessage())
        .isEqualTo(
            "m.yaml:7:9: processes[0].steps[0].trace: trace needs allocate: unsupported on"
                + " exitonly: allocate (system 'exitonly')");
  }

  @Test
  void allocateStep_refused_namesItOnce() {
    InputError e = error("      - allocate: {name: a, size: 1pages}\n");

    assertThat(e.getMessage())
        .isEqualTo(
            "m.yaml:7:9: processes[0].steps[0].allocate: unsupported on exitonly: allocate"
                + " (system 'exitonly')");
  }
}
