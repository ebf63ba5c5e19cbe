package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.ProcessSummary;
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
 * The end of a run whose processes hang ({@code Kernel.hang}): when nothing can wake them any more
 * the run ends normally and each ends hung with its reason; a process woken meanwhile goes on; a
 * process that waits with no such reason still fails the run as a model bug.
 */
final class HangTest {
  static final String REASON = "waiting for memory (a dialog nobody answers)";

  /**
   * Faults of a process named "hog" hang until some process has exited (which frees its memory);
   * faults of one named "stuck" block with no reason; the others get a fresh page.
   */
  static final class Hangs implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;
    private boolean freed;
    private final List<Proc> waiting = new ArrayList<>();

    @Inject
    Hangs() {}

    @Override
    public String name() {
      return "hangs";
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
      if (p.name().equals("stuck")) {
        kernel.block(p);
        return FaultResult.BLOCKED;
      }
      if (p.name().equals("hog") && !freed) {
        kernel.hang(p, REASON);
        waiting.add(p);
        return FaultResult.BLOCKED;
      }
      paging.mapNew(p, r, vaddr);
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      Outcome o = paging.exit(p);
      freed = true;
      waiting.forEach(kernel::wake);
      waiting.clear();
      return o;
    }
  }

  private static RunResult run(String head, String processes) {
    return TestRuns.run(
        Hangs.class,
        """
        name: hangs
        machine: {ram: 8MiB}
        systems: [toy]
        %s
        processes:
        %s"""
            .formatted(head, processes.indent(2)));
  }

  private static final String HOG =
      """
      - name: hog
        steps:
          - allocate: {name: m, size: 4pages}
          - touch: {region: m, count: 4, pattern: sequential}
      """;

  @Test
  void aloneHangingProcess_endsTheRunNormally_hungWithItsReason_andNoKill() {
    RunResult r = run("", HOG);

    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.OK);
    ProcessSummary hog = r.processes().get(0);
    assertThat(hog.state()).isEqualTo("hung");
    assertThat(hog.endReason()).isEqualTo("hung: " + REASON);
    assertThat(r.counter("kills")).isZero();
    assertThat(r.eventLog()).extracting(LogEntry::text).containsExactly("hog[100] hung: " + REASON);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aloneHangingProcess_withSampling_endsTheRun_theSamplesDoNotKeepItGoing() {
    RunResult r = run("sampling: {interval: 1ms}", HOG);

    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.OK);
    assertThat(r.processes().get(0).state()).isEqualTo("hung");
    assertThat(r.simulatedNs()).isLessThan(1_000_000);
  }

  @Test
  void hangingProcess_wokenWhenAnotherExits_getsItsPagesAndRunsToItsEnd() {
    RunResult r =
        run(
            "",
            HOG
                + """
                - name: worker
                  steps:
                    - allocate: {name: w, size: 1pages}
                    - touch: {region: w, count: 1}
                    - sleep: 2ms
                """);

    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.OK);
    ProcessSummary hog = r.processes().get(0);
    assertThat(hog.state()).isEqualTo("exited");
    assertThat(hog.endReason()).isEqualTo("exit (end of steps)");
    assertThat(hog.minorFaults()).isEqualTo(4);
    assertThat(r.eventLog()).extracting(LogEntry::text).noneMatch(t -> t.contains("hung"));
  }

  @Test
  void processAfterAHungOne_neverStarts_andTheLogSaysSo() {
    RunResult r =
        run(
            "",
            HOG
                + """
                - {name: next, after: hog, steps: [{allocate: {name: n, size: 1pages}}]}
                """);

    assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.OK);
    assertThat(r.processes()).extracting(ProcessSummary::name).containsExactly("hog");
    assertThat(r.eventLog())
        .extracting(LogEntry::text)
        .containsExactly(
            "next never started: 'hog' never ran to its end", "hog[100] hung: " + REASON);
  }

  @Test
  void hangingProcessNextToOneWaitingWithNoReason_failsTheRunAsAModelBug() {
    RunResult r =
        run(
            "",
            HOG
                + """
                - name: stuck
                  steps:
                    - allocate: {name: s, size: 1pages}
                    - touch: {region: s, count: 1}
                """);

    assertThat(r.status()).isEqualTo(RunStatus.ERROR);
    assertThat(r.error())
        .isEqualTo(
            "hangs: hog[100], stuck[101] wait to be woken, and no event is pending that could wake"
                + " them (model bug)");
    assertThat(r.processes()).extracting(ProcessSummary::state).containsOnly("sleeping");
  }
}
