package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SystemVariant;

/**
 * A hand-written personality that makes every first fault on a page wait 1 ms (as Windows makes
 * faulting threads wait on low memory), to check the engine's block / re-issue contract.
 */
final class BlockingPersonalityTest {
  static final long WAIT_NS = 1_000_000;

  /** Demand-zero paging from a bump allocator; blocks once per page before resolving. */
  static final class Blocking implements OsPersonality {
    private Kernel kernel;
    private int nextFrame;
    private final Set<Long> waited = new HashSet<>();
    int blocks;

    @Inject
    Blocking() {}

    @Override
    public String name() {
      return "blocking";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      nextFrame = k.machine().memory().kernelFrames();
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      long start = p.space().findFree(op.pages(), 1);
      MemoryObject obj =
          kernel.newObject(MemoryObject.Kind.ANONYMOUS, op.label(), op.pages(), null);
      p.space()
          .add(
              new Region(
                  op.label(),
                  start,
                  op.pages(),
                  op.protection(),
                  op.protection(),
                  obj,
                  0,
                  Region.Sharing.PRIVATE));
      return Outcome.ok(start << 12);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      if (r == null) {
        return FaultResult.SEGV;
      }
      long key = ((long) p.pid() << 40) | (vaddr >>> 12);
      if (waited.add(key)) {
        blocks++;
        kernel.block(p, kernel.now() + WAIT_NS);
        return FaultResult.BLOCKED;
      }
      int frame = nextFrame++;
      kernel.machine().memory().claim(frame, r.object().id(), 0);
      kernel.machine().map(p.space().pageTable(), vaddr >>> 12, frame, Pte.USER | Pte.WRITABLE);
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      for (Region r : p.space().regions()) {
        for (long vpn = r.startVpn(); vpn < r.endVpn(); vpn++) {
          kernel.machine().unmap(p.space().pageTable(), vpn);
        }
        p.space().remove(r);
      }
      return Outcome.ok();
    }
  }

  @Test
  void blockedFault_reissuedAfterTheWait_otherProcessRunsMeanwhile() {
    LoadedExperiment base =
        new ExperimentLoader(OsRegistry.load())
            .load(
                "blocking.yaml",
                null,
                """
                name: blocking
                machine: {ram: 8MiB}
                systems: [textbook]
                scheduler: {quantum: 50}
                processes:
                  - name: a
                    steps:
                      - allocate: {name: m, size: 8pages}
                      - touch: {region: m, pattern: sequential, passes: 4, writes: 0.5}
                  - name: b
                    steps:
                      - allocate: {name: m, size: 8pages}
                      - touch: {region: m, pattern: sequential, passes: 4}
                """);
    TestProvider provider = new TestProvider("blocking", Blocking.class, Set.of());
    SystemVariant v =
        new SystemVariant(
            "blocking", "blocking", SystemOptions.of("blocking", List.of(), Map.of()), provider);
    LoadedExperiment exp =
        new LoadedExperiment(base.file(), null, base.experiment(), List.of(v), base.spec());

    RunResult r = ExperimentRunner.runOne(exp, ExperimentRunner.plan(exp, List.of(1L)).get(0));

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("references")).isEqualTo(64);
    assertThat(r.processes()).extracting(p -> p.state()).containsOnly("exited");
    // 16 first-touch waits of 1 ms, two processes overlapping their waits: at least 8 ms.
    assertThat(r.simulatedNs()).isGreaterThanOrEqualTo(8 * WAIT_NS).isLessThan(17 * WAIT_NS);
    assertThat(r.counter("context.switches")).isGreaterThanOrEqualTo(16);
  }
}
