package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * Reclaim survival has one rule for every OS: the outcome is {@link Outcome#reclaimed}(pages lost),
 * and the engine counts survived for 0 lost, lost otherwise; a refused reclaim is a failure.
 */
final class ReclaimOutcomeTest {
  /** "kept" survives, "gone" lost three pages, "bad" is refused. */
  static final class Answering implements OsPersonality {
    private DemandPaging paging;

    @Inject
    Answering() {}

    @Override
    public String name() {
      return "answering";
    }

    @Override
    public void boot(Kernel k) {
      paging = new DemandPaging(k);
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public Outcome offer(Proc p, Op.Offer op) {
      return Outcome.ok();
    }

    @Override
    public Outcome reclaim(Proc p, Op.Reclaim op) {
      return switch (op.region().label()) {
        case "kept" -> Outcome.reclaimed(0);
        case "gone" -> Outcome.reclaimed(3);
        default -> Outcome.failed("EINVAL", "never offered");
      };
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

  @Test
  void reclaimedOutcome_zeroLostCountsSurvived_someLostCountsLost_refusedCountsFailed() {
    RunResult r =
        TestRuns.run(
            Answering.class,
            """
            name: reclaim
            machine: {ram: 8MiB}
            systems: [textbook]
            processes:
              - name: p
                steps:
                  - allocate: {name: kept, size: 4pages}
                  - allocate: {name: gone, size: 4pages}
                  - allocate: {name: bad, size: 4pages}
                  - offer: {region: kept}
                  - offer: {region: gone}
                  - reclaim: {region: kept}
                  - reclaim: {region: gone}
                  - reclaim: {region: bad}
            """);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("ops.reclaim.survived")).isEqualTo(1);
    assertThat(r.counter("ops.reclaim.lost")).isEqualTo(1);
    assertThat(r.counter("ops.failed.reclaim")).isEqualTo(1);
  }
}
