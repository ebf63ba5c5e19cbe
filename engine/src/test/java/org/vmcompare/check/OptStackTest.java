package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.TraceReplayer;
import org.vmcompare.pattern.PatternSpec;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;

/**
 * Invariant 7 for OPT: the engine records a generated experiment's references and textbook's
 * replayer runs OPT on them with n and n + 1 frames (real loader, injector, engine and replayer).
 */
final class OptStackTest {
  private static final OsRegistry REGISTRY = OsRegistry.load();
  private static final OsModuleProvider TEXTBOOK = REGISTRY.get("textbook");
  private static final TraceReplayer REPLAYER = TEXTBOOK.traceReplayer().orElseThrow();

  @Test
  void textbook_optOnlyOnItsReplayer_isCheckedOnRecordedStrings() {
    assertThat(OptStack.applies(TEXTBOOK)).isTrue();
  }

  @Test
  void recordedString_isTheEnginesReferences_renumberedAfterRelease() {
    Checker checker = new Checker(REGISTRY);
    // touch 2 pages twice, release the first, touch both again: page 0 is fresh the third time
    List<Step> steps =
        List.of(
            new Step.Allocate("r", Generator.pages(2), null, null, null, null),
            touch(4, 1.0),
            new Step.Release("r", null, Generator.pages(1)),
            touch(2, 0.0));
    Experiment e =
        Shrinker.with(
            OptStack.generate(TEXTBOOK, 1),
            List.of(new ProcessConfig("p0", null, null, null, steps)));

    assertThat(OptStack.record(checker, e)).containsExactly(0, 1, 0, 1, 2, 1);
  }

  private static Step.Touch touch(long count, double writes) {
    return new Step.Touch("r", PatternSpec.SEQUENTIAL, count, null, writes, null, null, null);
  }

  @Test
  void generatedExperiments_optOnTheirRecordedStrings_neverMissesMoreWithMoreFrames() {
    Checker checker = new Checker(REGISTRY);
    long references = 0;
    for (long seed = 0; seed < Budget.tries(); seed++) {
      Experiment e = OptStack.generate(TEXTBOOK, seed);
      long[] refs = OptStack.record(checker, e);
      assertThat(refs).as("seed %d runs cleanly", seed).isNotNull();
      references += refs.length;
      assertThat(OptStack.check(checker, REPLAYER, e, true)).as("seed %d", seed).isNull();
    }
    assertThat(references).isGreaterThan(10L * Budget.tries());
  }

  @Test
  void plantedWrongOpt_onARecordedString_isCaughtAsTheStackProperty() {
    Checker checker = new Checker(REGISTRY);
    TraceReplayer wrong =
        TEXTBOOK.traceReplayer(new FaultInjection(Set.of("opt-evicts-wrong-page"))).orElseThrow();
    Violation found = null;
    for (long seed = 0; seed < Budget.tries() && found == null; seed++) {
      found = OptStack.check(checker, wrong, OptStack.generate(TEXTBOOK, seed), true);
    }

    assertThat(found).isNotNull();
    assertThat(found.invariant()).isEqualTo(Invariant.STACK_PROPERTY);
    assertThat(found.system())
        .isEqualTo("textbook OPT (replayed on the engine's reference string)");
    assertThat(found.message()).contains("frames but").contains("--policy OPT");
  }
}
