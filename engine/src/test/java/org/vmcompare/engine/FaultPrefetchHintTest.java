package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

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
            - touch: {region: m, pattern: sequential, size: 100pages}
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

  /**
   * Every first fault on a page waits for a disk read, as a hard fault does, and the reference is
   * taken again once it completes: the process blocks and resumes its batch at every fault, with
   * hints held back for the references after it.
   */
  abstract static class Reads extends Hinted {
    private Kernel kernel;
    private final Set<Long> read = new HashSet<>();

    Reads(boolean wantsHints) {
      super(wantsHints);
    }

    @Override
    void booted(Kernel k) {
      super.booted(k);
      kernel = k;
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      if (r != null && read.add(vaddr >>> 12)) {
        faulting(p, vaddr);
        kernel.waitForRead(p, 1, null);
        return FaultResult.BLOCKED;
      }
      return super.handleFault(p, vaddr, access, kind, r);
    }
  }

  /** Waits for reads and asks for hints. */
  static final class ReadsWithHints extends Reads {
    @Inject
    ReadsWithHints() {
      super(true);
    }

    @Override
    public String name() {
      return "reads-with-hints";
    }
  }

  /** Waits for reads, no hints. */
  static final class ReadsNoHints extends Reads {
    @Inject
    ReadsNoHints() {
      super(false);
    }

    @Override
    public String name() {
      return "reads-no-hints";
    }
  }

  @Test
  void prefetchFault_everyFaultBlocks_hintsStillComeBeforeTheirFaultsAndChangeNothing() {
    RunResult with = TestRuns.run(ReadsWithHints.class, YAML);
    RunResult without = TestRuns.run(ReadsNoHints.class, YAML);

    assertThat(with.ok()).as(with.error()).isTrue();
    assertThat(without.ok()).as(without.error()).isTrue();
    assertThat(with.counter("disk.reads")).isEqualTo(256);
    assertThat(with.counter("test.hints")).isGreaterThan(200);
    assertThat(with.counter("test.hinted.faults")).isEqualTo(with.counter("test.hints"));
    assertThat(without.counter("test.hints")).isZero();
    assertThat(without.simulatedNs()).isEqualTo(with.simulatedNs());
    for (String c : new String[] {"references", "faults.minor", "tlb.misses", "disk.reads"}) {
      assertThat(without.counter(c)).as(c).isEqualTo(with.counter(c));
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
