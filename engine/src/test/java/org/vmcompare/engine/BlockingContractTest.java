package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.Region;

/**
 * The blocking protocol's edges: an operation that yields to a daemon and is called again, and the
 * model bugs the engine reports instead of hanging or going on wrongly.
 */
final class BlockingContractTest {
  /**
   * drop-caches wakes a "flusher" daemon and yields until it has run; release answers BLOCKED
   * without blocking; protect claims it did part of a whole-region operation; a fault waits to be
   * woken and nothing will wake it.
   */
  static final class Contract implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;
    private Metrics metrics;
    private int calls;
    private int flushes;
    private boolean flushed;

    @Inject
    Contract() {}

    @Override
    public String name() {
      return "contract";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      metrics = k.metrics();
      paging = new DemandPaging(k);
      calls = metrics.register("test.dropcaches.calls", "dropCaches calls");
      flushes = metrics.register("test.flushes", "flusher runs");
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public Outcome dropCaches(Proc p, Op.DropCaches op) {
      metrics.increment(calls);
      if (flushed) {
        return Outcome.ok();
      }
      kernel
          .events()
          .at(
              kernel.now(),
              EventQueue.PRIORITY_DAEMON,
              "flusher",
              () -> {
                flushed = true;
                metrics.increment(flushes);
              });
      kernel.yield(p);
      return Outcome.blocked(0);
    }

    @Override
    public Outcome release(Proc p, Op.Release op) {
      return Outcome.blocked(0);
    }

    @Override
    public Outcome protect(Proc p, Op.Protect op) {
      kernel.yield(p);
      return Outcome.blocked(3);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      kernel.block(p);
      return FaultResult.BLOCKED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  private static RunResult run(String steps) {
    return TestRuns.run(
        Contract.class,
        """
        name: contract
        machine: {ram: 8MiB}
        systems: [toy]
        processes:
          - name: p
            steps:
              - allocate: {name: m, size: 4pages}
        %s"""
            .formatted(steps.indent(6)));
  }

  @Test
  void operationThatYields_isCalledAgainAfterTheDaemonItWokeHasRun() {
    RunResult r = run("- drop-caches\n");

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("test.dropcaches.calls")).isEqualTo(2);
    assertThat(r.counter("test.flushes")).isEqualTo(1);
  }

  @Test
  void blockedAnswerWithoutBlockingTheProcess_failsTheRunAsAModelBug() {
    RunResult r = run("- release: {region: m}\n");

    assertThat(r.status()).isEqualTo(RunStatus.ERROR);
    assertThat(r.error())
        .isEqualTo(
            "contract answered release BLOCKED without Kernel.block, waitForRead or yield (model"
                + " bug)");
  }

  @Test
  void partlyDoneAnswerFromAnOperationThatCannotBePartlyDone_failsTheRunAsAModelBug() {
    RunResult r = run("- protect: {region: m, protection: r}\n");

    assertThat(r.status()).isEqualTo(RunStatus.ERROR);
    assertThat(r.error()).startsWith("contract: protect cannot be partly done (3 units)");
  }

  @Test
  void everyProcessWaitingToBeWoken_withNothingPending_failsTheRunInsteadOfHanging() {
    RunResult r = run("- touch: {region: m, count: 1}\n");

    assertThat(r.status()).isEqualTo(RunStatus.ERROR);
    assertThat(r.error())
        .isEqualTo(
            "contract: p[100] wait to be woken, and no event is pending that could wake them"
                + " (model bug)");
  }
}
