package org.vmcompare.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.state.StateKey;
import org.vmcompare.vm.AddressSpace;

final class ProcTest {
  /** A Windows-like working set: what a model hangs on each process. */
  private static final class WorkingSet {
    long minimumPages = 50;
  }

  private static final StateKey<WorkingSet> WORKING_SET =
      StateKey.of("test.workingSet", WorkingSet.class);

  private static Proc proc() {
    Machine m = new Machine(MachineSpec.of(16L << 20, 0));
    return new Proc(
        100,
        "app",
        null,
        new AddressSpace(m.pageTables().create(100)),
        ProcessOptions.of("test", List.of(), Map.of(), 4096));
  }

  @Test
  void modelState_putThenGet_returnsTheModelsValue() {
    Proc p = proc();
    WorkingSet ws = new WorkingSet();

    p.modelState().put(WORKING_SET, ws);

    assertThat(p.modelState().get(WORKING_SET)).isSameAs(ws);
    assertThat(p.modelState().require(WORKING_SET).minimumPages).isEqualTo(50);
  }

  @Test
  void modelState_newProcess_isEmpty() {
    assertThat(proc().modelState().isEmpty()).isTrue();
  }
}
