package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunObserver;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.Proc;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * The model's loads ahead of the fault handler ({@code OsPersonality.prefetchFault}, the pagefile's
 * {@code hint}) are hints: the engine gives them for references whose PTE is not present, and a run
 * given many more of them, at every reference and for pages that are not about to fault, ends
 * exactly as a run given only the engine's.
 */
final class FaultHintsTest {
  /** 4,096 pages over 2,048 frames: soft faults, hard faults, trims and pagefile writes. */
  private static final String YAML =
      """
      name: hints
      machine: {ram: 8MiB, swap: 32MiB}
      systems: [{os: windows}]
      seeds: [7]
      processes:
        - name: p
          workingSetMax: 16MiB
          steps:
            - allocate: {name: heap, size: 16MiB}
            - touch: {region: heap, writes: 1}
            - touch: {region: heap, pattern: "zipf:0.9", count: 30k, writes: 30%}
            - touch: {region: heap, pattern: random, count: 10k}
      """;

  /** At every reference, hints for the next 32 pages of the heap and for slots of any number. */
  private static final class MoreHints implements RunObserver {
    Parts parts;
    long transitionHints;
    long pagefileHints;

    @Override
    public void booted(Kernel kernel, OsPersonality os) {
      parts = ((WindowsPersonality) os).parts();
    }

    @Override
    public void referenced(Proc p, PageTable pt, long vaddr, int frame, boolean write) {
      long vpn = vaddr >>> 12;
      for (long v = vpn; v < vpn + 32; v++) {
        long pte = pt.get(v);
        if (Pte.is(pte, Pte.SW_TRANSITION)) {
          transitionHints++;
        } else if (Pte.is(pte, Pte.SW_SWAP)) {
          pagefileHints++;
        }
        parts.faults.prefetch(p, v);
      }
      parts.nt.pagefile.hint((int) vpn);
      parts.nt.pagefile.hint(-1);
      parts.nt.pagefile.hint(Integer.MAX_VALUE);
    }
  }

  @Test
  void prefetchFault_aHintBeforeEveryReference_theSameRunAsTheEnginesHintsAlone() {
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load("hints.yaml", null, YAML);
    RunPlan plan = ExperimentRunner.plan(exp, List.of(7L)).get(0);
    MoreHints hints = new MoreHints();

    RunResult plain = ExperimentRunner.runOne(exp, plan);
    RunResult hinted = ExperimentRunner.runChecked(exp, plan, hints, FaultInjection.NONE);

    assertThat(plain.ok()).as(plain.error()).isTrue();
    assertThat(plain.counter("windows.faults.hard")).isPositive();
    assertThat(plain.counter("windows.faults.soft")).isPositive();
    assertThat(hints.transitionHints).isPositive();
    assertThat(hints.pagefileHints).isPositive();
    assertThat(hinted.counters()).isEqualTo(plain.counters());
    assertThat(hinted.simulatedNs()).isEqualTo(plain.simulatedNs());
    assertThat(hinted.processes()).isEqualTo(plain.processes());
    assertThat(hinted.timeSeries()).isEqualTo(plain.timeSeries());
  }

  @Test
  void prefetchesFaults_windows_asksTheEngineForHints() {
    OsPersonality os = new WindowsPersonality(WindowsOptions.defaults(), FaultInjection.NONE);

    assertThat(os.prefetchesFaults()).isTrue();
  }
}
