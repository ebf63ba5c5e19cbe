package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * A run that would never end (a model that retries a fault for ever, each time a little later)
 * stops at its observer's simulated-time limit with an error, so that checked mode reports it
 * instead of hanging; an unobserved run has no limit.
 */
final class TimeLimitTest {
  /** Every fault waits 10 ms and is retried, for ever: a livelock in simulated time. */
  static final class Retries implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;

    @Inject
    Retries() {}

    @Override
    public String name() {
      return "retries";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      paging = new DemandPaging(k);
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      kernel.block(p, kernel.now() + 10_000_000L);
      return FaultResult.BLOCKED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  private static final String YAML =
      """
      name: retries
      machine: {ram: 8MiB}
      systems: [toy]
      processes:
        - name: spinner
          steps:
            - allocate: {name: m, size: 1pages}
            - touch: {region: m, count: 1}
      """;

  @Test
  void faultRetriedForEver_stopsAtTheObserversLimit_withAnErrorThatSaysSo() {
    RunObserver limited =
        new RunObserver() {
          @Override
          public long simulatedTimeLimitNs() {
            return 2_000_000_000L;
          }
        };

    RunResult r = TestRuns.runChecked(Retries.class, YAML, limited);

    assertThat(r.status()).isEqualTo(RunStatus.ERROR);
    assertThat(r.error())
        .isEqualTo(
            "the run did not end within 2 s of simulated time (a fault or an operation retried"
                + " for ever?)");
    assertThat(r.simulatedNs()).isBetween(2_000_000_000L, 2_010_000_000L);
  }
}
