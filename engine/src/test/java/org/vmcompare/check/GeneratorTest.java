package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.Step;
import org.vmcompare.yaml.YamlWriter;

final class GeneratorTest {
  private final OsRegistry registry = OsRegistry.load();
  private final Checker checker = new Checker(registry);
  private final Generator generator = new Generator(checker.systems(List.of("textbook")));

  @Test
  void sameSeed_twice_sameExperiment() {
    assertThat(YamlWriter.write(generator.generate(5)))
        .isEqualTo(YamlWriter.write(generator.generate(5)))
        .isNotEqualTo(YamlWriter.write(generator.generate(6)));
  }

  @Test
  void textbook_supportedOps_areWhatItsProviderAccepts() {
    assertThat(generator.supported())
        .containsExactlyInAnyOrder(
            OpKind.ALLOCATE, OpKind.EXIT, OpKind.RELEASE, OpKind.UNMAP, OpKind.PROTECT);
  }

  @Test
  void manySeeds_everyExperiment_loadsThroughTheRealLoader_withOneToSixProcesses() {
    for (long seed = 0; seed < 300; seed++) {
      Experiment e = generator.generate(seed);
      LoadedExperiment loaded = checker.load(e);

      assertThat(loaded.experiment().processes()).hasSizeBetween(1, 6);
      assertThat(loaded.experiment().processes().get(0).steps())
          .noneMatch(s -> s instanceof Step.Fork || s instanceof Step.Share);
    }
  }

  @Test
  void shrinker_offersEachOptionBackAtItsDefault_andKeepsTheFailureAcrossTheNewLabel() {
    Experiment e = null;
    for (long seed = 0; e == null; seed++) {
      Experiment g = generator.generate(seed);
      e = g.systems().get(0).options() == null ? null : g;
    }
    String label = e.systems().get(0).label();

    List<Experiment> candidates = Shrinks.smaller(e);

    assertThat(candidates)
        .anySatisfy(
            c -> {
              assertThat(c.systems()).hasSize(1);
              assertThat(c.systems().get(0).options()).isNull();
              assertThat(c.systems().get(0).label()).isNull();
              assertThat(checker.load(c).variants().get(0).options().string("policy"))
                  .isEqualTo("LRU");
            });
    Violation before = new Violation(Invariant.DATA_INTEGRITY, label, "p0", 1, "", "x");
    Violation after = new Violation(Invariant.DATA_INTEGRITY, "textbook", "p0", 1, "", "y");
    assertThat(before.sameFailure(after)).isTrue();
    assertThat(before.sameFailure(new Violation(Invariant.ACCOUNTING, "textbook", "", 0, "", "")))
        .isFalse();
  }
}
