package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Proc;

/**
 * {@link OsPersonality#prefetchFault} hints name references ahead whose PTE is not present, only to
 * a model that asks for them after boot, and change nothing simulated.
 */
final class FaultPrefetchHintTest {
  static final String YAML =
      """
      name: hints
      machine: {ram: 8MiB}
      systems: [toy]
      processes:
        - name: p
          steps:
            - allocate: {name: m, size: 256pages}
            - touch: {region: m, pattern: sequential, passes: 3}
            - touch: {region: m, pattern: random, count: 500}
      """;

  /** Demand paging that counts hints ("test.hints") and faults on hinted pages. */
  abstract static class Hinted extends PagingPersonality {
    private final boolean wantsHints;
    private Metrics metrics;
    private int hints;
    private int hintedFaults;
    private final Set<Long> hinted = new HashSet<>();

    Hinted(boolean wantsHints) {
      this.wantsHints = wantsHints;
    }

    @Override
    void booted(Kernel k) {
      metrics = k.metrics();
      hints = metrics.register("test.hints", "prefetchFault calls");
      hintedFaults = metrics.register("test.hinted.faults", "faults on a hinted page");
    }

    @Override
    public boolean prefetchesFaults() {
      return wantsHints;
    }

    @Override
    public void prefetchFault(Proc p, long vpn) {
      metrics.increment(hints);
      hinted.add(vpn);
    }

    @Override
    void faulting(Proc p, long vaddr) {
      if (hinted.remove(vaddr >>> 12)) {
        metrics.increment(hintedFaults);
      }
    }
  }

  /** Asks for hints. */
  static final class WantsHints extends Hinted {
    @Inject
    WantsHints() {
      super(true);
    }

    @Override
    public String name() {
      return "wants-hints";
    }
  }

  /** Does not (the default). */
  static final class NoHints extends Hinted {
    @Inject
    NoHints() {
      super(false);
    }

    @Override
    public String name() {
      return "no-hints";
    }
  }

  @Test
  void prefetchFault_modelAsks_everyHintedPageFaultsAfterwards() {
    RunResult r = TestRuns.run(WantsHints.class, YAML);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("test.hints")).isPositive();
    assertThat(r.counter("test.hinted.faults")).isEqualTo(r.counter("test.hints"));
    assertThat(r.counter("test.hints")).isLessThanOrEqualTo(256);
  }

  @Test
  void prefetchFault_modelDoesNotAsk_noHintAndTheSameRun() {
    RunResult with = TestRuns.run(WantsHints.class, YAML);
    RunResult without = TestRuns.run(NoHints.class, YAML);

    assertThat(without.ok()).as(without.error()).isTrue();
    assertThat(without.counter("test.hints")).isZero();
    assertThat(without.simulatedNs()).isEqualTo(with.simulatedNs());
    for (String c : new String[] {"references", "faults.minor", "tlb.misses", "zero.fills"}) {
      assertThat(without.counter(c)).as(c).isEqualTo(with.counter(c));
    }
  }
}
