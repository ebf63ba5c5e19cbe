package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Proc;

/**
 * The engine asks {@link OsPersonality#observesEveryReference()} after {@code boot}, so a model can
 * decide it from what boot set up (textbook CLOCK does: it works from accessed bits and must not
 * pay the hook on every TLB hit).
 */
final class ReferenceHookTest {
  static final String YAML =
      """
      name: hook
      machine: {ram: 8MiB}
      systems: [toy]
      processes:
        - name: p
          steps:
            - allocate: {name: m, size: 8pages}
            - touch: {region: m, pattern: sequential, passes: 5}
      """;

  /**
   * Demand paging plus a counter of onReference calls ("test.hook"); whether it observes every
   * reference is {@code beforeBoot} until boot, then the opposite.
   */
  abstract static class Hooked extends PagingPersonality {
    private Metrics metrics;
    private int hookCalls;
    private boolean observe;

    Hooked(boolean beforeBoot) {
      this.observe = beforeBoot;
    }

    @Override
    void booted(Kernel k) {
      metrics = k.metrics();
      hookCalls = metrics.register("test.hook", "onReference calls");
      observe = !observe;
    }

    @Override
    public boolean observesEveryReference() {
      return observe;
    }

    @Override
    public void onReference(Proc p, long vpn, int access) {
      metrics.increment(hookCalls);
    }
  }

  /** Does not observe before boot; boot turns observing on. */
  static final class ObservesAfterBoot extends Hooked {
    @Inject
    ObservesAfterBoot() {
      super(false);
    }

    @Override
    public String name() {
      return "observes-after-boot";
    }
  }

  /** Observes before boot (as textbook CLOCK's default did); boot turns observing off. */
  static final class StopsObservingAtBoot extends Hooked {
    @Inject
    StopsObservingAtBoot() {
      super(true);
    }

    @Override
    public String name() {
      return "stops-observing-at-boot";
    }
  }

  @Test
  void observesEveryReference_turnedOnInBoot_everyReferenceReachesTheHook() {
    RunResult r = TestRuns.run(ObservesAfterBoot.class, YAML);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("references")).isEqualTo(40);
    assertThat(r.counter("test.hook")).isEqualTo(40);
  }

  @Test
  void observesEveryReference_turnedOffInBoot_noReferenceReachesTheHook() {
    RunResult r = TestRuns.run(StopsObservingAtBoot.class, YAML);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("references")).isEqualTo(40);
    assertThat(r.counter("test.hook")).isZero();
  }
}
