package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/** {@code allocate: {purgeable: true}} travels from the YAML to {@link Op.Allocate#purgeable}. */
final class PurgeableAllocateTest {
  /** Counts purgeable and plain allocations ("test.purgeable", "test.plain"). */
  static final class Recording implements OsPersonality {
    private DemandPaging paging;
    private Metrics metrics;
    private int purgeable;
    private int plain;

    @Inject
    Recording() {}

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public void boot(Kernel k) {
      paging = new DemandPaging(k);
      metrics = k.metrics();
      purgeable = metrics.register("test.purgeable", "purgeable allocations");
      plain = metrics.register("test.plain", "plain allocations");
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      metrics.increment(op.purgeable() ? purgeable : plain);
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      return FaultResult.SEGV;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  private static String yaml(String purgeable) {
    return """
        name: purgeable
        machine: {ram: 8MiB}
        systems: [textbook]
        processes:
          - name: p
            steps:
              - allocate: {name: cache, size: 4pages, purgeable: %s}
              - allocate: {name: heap, size: 4pages}
        """
        .formatted(purgeable);
  }

  @Test
  void purgeableTrue_reachesTheModel_onlyOnThatAllocation() {
    RunResult r = TestRuns.run(Recording.class, yaml("true"));

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("test.purgeable")).isEqualTo(1);
    assertThat(r.counter("test.plain")).isEqualTo(1);
  }

  @Test
  void purgeableNotABoolean_isRefused_atItsLineAndColumn() {
    assertThatThrownBy(
            () -> new ExperimentLoader(OsRegistry.load()).load("p.yaml", null, yaml("sometimes")))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith("p.yaml:7:")
        .hasMessageContaining("processes[0].steps[0].allocate.purgeable");
  }

  @Test
  void purgeable_onTheTextbookBaseline_runsAsPlainMemory() {
    LoadedExperiment exp =
        new ExperimentLoader(OsRegistry.load()).load("p.yaml", null, yaml("true"));
    RunResult r = ExperimentRunner.runOne(exp, ExperimentRunner.plan(exp, List.of(1L)).get(0));

    assertThat(r.ok()).as(r.error()).isTrue();
  }
}
