package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.Experiment;

/**
 * The shrinker's budgets: it ends when nothing more goes, when its candidates are spent, or when
 * its wall-clock deadline passes, says which, and in every case returns the smallest experiment
 * that still failed. The clock here is a counter the test advances, so no test waits on time.
 */
final class ShrinkerTest {
  private static final Violation TARGET =
      new Violation(Invariant.DATA_INTEGRITY, "textbook", "p0", 1, "", "planted");

  /** A generated experiment with enough steps to shrink a while. */
  private static Experiment big() {
    Generator generator = new Generator(List.of(OsRegistry.load().get("textbook")));
    for (long seed = 1; ; seed++) {
      Experiment e = generator.generate(seed);
      if (Shrinker.countSteps(e) >= 12) {
        return e;
      }
    }
  }

  /** Fails like {@link #TARGET} while the experiment keeps at least {@code steps} steps. */
  private static Shrinker.Test failsWithAtLeast(int steps, long[] clock) {
    return candidate -> {
      clock[0] += 1_000_000_000L; // each candidate "takes" one second
      return Shrinker.countSteps(candidate) >= steps ? TARGET : null;
    };
  }

  @Test
  void shrink_noBudgetInTheWay_endsWithNothingMore_atTheSmallestFailing() {
    long[] clock = {0};
    Shrinker shrinker = new Shrinker(failsWithAtLeast(3, clock), TARGET, 10_000);

    Experiment small = shrinker.shrink(big());

    assertThat(Shrinker.countSteps(small)).isEqualTo(3);
    assertThat(shrinker.end()).isEqualTo(Shrinker.End.NOTHING_MORE);
  }

  @Test
  void shrink_deadlinePassesMidway_endsOnTime_withTheSmallestFailingSoFar() {
    long[] clock = {0};
    Experiment start = big();
    Shrinker shrinker =
        new Shrinker(failsWithAtLeast(3, clock), TARGET, 10_000)
            .until(4_500_000_000L, () -> clock[0]);

    Experiment small = shrinker.shrink(start);

    assertThat(shrinker.end()).isEqualTo(Shrinker.End.TIME);
    assertThat(shrinker.tries()).as("candidates run before the deadline").isEqualTo(5);
    assertThat(Shrinker.countSteps(small))
        .isLessThanOrEqualTo(Shrinker.countSteps(start))
        .isGreaterThanOrEqualTo(3);
    assertThat(failsWithAtLeast(3, clock).run(small)).isEqualTo(TARGET);
  }

  @Test
  void shrink_deadlineAlreadyPast_runsNoCandidate_andReturnsTheStart() {
    long[] clock = {10};
    Experiment start = big();
    Shrinker shrinker =
        new Shrinker(failsWithAtLeast(3, clock), TARGET, 10_000).until(5, () -> clock[0]);

    assertThat(shrinker.shrink(start)).isSameAs(start);
    assertThat(shrinker.tries()).isZero();
    assertThat(shrinker.end()).isEqualTo(Shrinker.End.TIME);
    assertThat(shrinker.violation()).isSameAs(TARGET);
  }

  @Test
  void shrink_candidatesSpent_endsWithCandidates() {
    long[] clock = {0};
    Shrinker shrinker = new Shrinker(failsWithAtLeast(3, clock), TARGET, 4);

    shrinker.shrink(big());

    assertThat(shrinker.tries()).isEqualTo(4);
    assertThat(shrinker.end()).isEqualTo(Shrinker.End.CANDIDATES);
  }

  @Test
  void repro_cutShortByTime_saysSoInItsYaml_andAsItsNote() {
    Experiment e = big();
    Repro done = new Repro(TARGET, e, List.of(), 40, Shrinker.End.NOTHING_MORE);
    Repro timed = new Repro(TARGET, e, List.of(), 40, Shrinker.End.TIME);

    assertThat(done.unfinished()).isEmpty();
    assertThat(done.yaml()).doesNotContain("shrinking stopped");
    assertThat(timed.unfinished()).contains("--shrink-seconds");
    assertThat(timed.yaml()).contains("# " + timed.unfinished() + "\n");
  }
}
